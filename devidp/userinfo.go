package devidp

import (
	"errors"
	"net/http"

	"github.com/wasmgear/wasmgear/internal/dpop"
)

// handleUserInfo answers the signed-in user's claims (OpenID Connect Core 1.0 §5.3) for a
// bearer access token (RFC 6750 §2.1) or, in cookie mode, the IdP session cookie.
func (s *Server) handleUserInfo(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "userinfo", "userinfo", "") {
		return
	}
	noStore(w)
	id, ok := s.authenticated(w, r)
	if !ok {
		return
	}
	u := id.user
	body := map[string]any{
		"sub":                u.Sub,
		"email":              u.Email,
		"email_verified":     u.EmailVerified,
		"name":               u.Name,
		"given_name":         u.GivenName,
		"family_name":        u.FamilyName,
		"preferred_username": u.Username,
		"updated_at":         s.started.Unix(),
		"custom_attributes":  customAttributes(u),
	}
	for k, v := range authgearClaims(u) {
		body[k] = v
	}
	writeJSON(w, http.StatusOK, body)
}

// authenticated identifies the caller of a protected endpoint (userinfo, the credential
// vault) by bearer access token (RFC 6750 §2.1) or session cookie; otherwise it answers
// 401 with the RFC 6750 §3 challenge and reports false.
func (s *Server) authenticated(w http.ResponseWriter, r *http.Request) (identity, bool) {
	id, present, err := s.identify(r)
	var de *dpop.Error
	switch {
	case errors.As(err, &de):
		w.Header().Set("WWW-Authenticate", dpopChallenge(de.Code))
		writeJSON(w, http.StatusUnauthorized, oauthError{Code: de.Code, Description: de.Reason})
		return identity{}, false
	case err != nil && (dpopScheme(r) || errors.Is(err, errSchemeMismatch)):
		w.Header().Set("WWW-Authenticate", dpopChallenge("invalid_token"))
		writeJSON(w, http.StatusUnauthorized, oauthError{Code: "invalid_token", Description: "the access token is invalid, expired, revoked or sent with the wrong scheme"})
		return identity{}, false
	case !present:
		w.Header().Set("WWW-Authenticate", `Bearer realm="devidp"`)
		writeJSON(w, http.StatusUnauthorized, oauthError{Code: "invalid_token", Description: "no access token or session cookie"})
		return identity{}, false
	case errors.Is(err, errInvalidCredential):
		w.Header().Set("WWW-Authenticate", `Bearer realm="devidp", error="invalid_token", error_description="invalid, expired or revoked"`)
		writeJSON(w, http.StatusUnauthorized, oauthError{Code: "invalid_token", Description: "the access token or session is invalid, expired or revoked"})
		return identity{}, false
	}
	return id, true
}

// customAttributes returns a copy, never nil, so the claim is always a JSON object.
func customAttributes(u *User) map[string]any {
	out := make(map[string]any, len(u.CustomAttributes))
	for k, v := range u.CustomAttributes {
		out[k] = v
	}
	return out
}
