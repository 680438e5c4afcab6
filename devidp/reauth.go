package devidp

import (
	"net/url"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// idTokenHint is a verified id_token_hint: whose session it names.
type idTokenHint struct {
	sid      string // the grant or IdP session of the hinted ID token
	username string
}

// parseReauthentication reads id_token_hint and max_age (OIDC Core §3.1.2.1). Like
// Authgear, the hint's signature and issuer are checked but not its expiry (an old ID
// token still names the user), and its sid must name a live grant or IdP session. It
// answers an RFC 6749 §4.1.2.1 error code, or "".
func (s *Server) parseReauthentication(q url.Values, req *authRequest) (code, desc string) {
	req.maxAge = -1
	if raw := q.Get("max_age"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return "invalid_request", "max_age must be a non-negative integer"
		}
		req.maxAge = n
	}
	raw := q.Get("id_token_hint")
	if raw == "" {
		return "", ""
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, s.idTokenKey, jwt.WithValidMethods(IDTokenAlgs),
		jwt.WithIssuer(s.issuer), jwt.WithoutClaimsValidation())
	if err != nil {
		return "invalid_request", "id_token_hint is not an ID token of this provider"
	}
	sid, _ := claims["sid"].(string)
	sub, _ := claims["sub"].(string)
	username, ok := s.store.sessionUser(sid)
	if u := s.userByName(username); !ok || u == nil || u.Sub != sub {
		return "login_required", "the session of id_token_hint has ended"
	}
	req.hint = idTokenHint{sid: sid, username: username}
	return "", ""
}

// mustLogIn reports whether the login form must be shown even with an IdP session:
// max_age=0, a session older than max_age, or no session behind the hint (Authgear's
// lib/oauth/prompt.go implies prompt=login then).
func (s *Server) mustLogIn(req authRequest, session idpSession, hasSession bool) bool {
	if req.maxAge < 0 {
		return false
	}
	return !hasSession || req.maxAge == 0 || s.now().Sub(session.authTime) > time.Duration(req.maxAge)*time.Second
}

// sessionUser is the user of a live grant or IdP session with that id.
func (st *store) sessionUser(id string) (string, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if g, ok := st.grants[id]; ok && !g.revoked {
		return g.username, true
	}
	for _, sess := range st.sessions {
		if sess.id == id && !sess.revoked {
			return sess.username, true
		}
	}
	return "", false
}

// reauthenticateGrant is the code exchange of a reauthentication: the hinted grant gets
// the new auth_time (refreshes after it carry it too) and the tokens are issued for it,
// with the nonce of this request. st.mu must be held. ok is false when the hint named an
// IdP session rather than a grant: a new grant is made then.
func (st *store) reauthenticateGrant(c *authCode) (grant, bool) {
	g, ok := st.grants[c.req.hint.sid]
	if !ok || g.revoked || g.username != c.username || g.clientID != c.req.clientID {
		return grant{}, false
	}
	g.authTime = c.authTime
	out := *g
	out.nonce = c.req.nonce
	return out, true
}
