package devidp

import (
	"net/http"

	"github.com/wasmgear/wasmgear/internal/dpop"
)

// handleDiscovery answers the provider metadata (OpenID Connect Discovery 1.0 §3,
// RFC 8414 §2).
func (s *Server) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "discovery", "discovery", "") {
		return
	}
	meta := map[string]any{
		"issuer":                                     s.issuer,
		"authorization_endpoint":                     s.url("/oauth2/authorize"),
		"token_endpoint":                             s.url("/oauth2/token"),
		"userinfo_endpoint":                          s.url("/oauth2/userinfo"),
		"revocation_endpoint":                        s.url("/oauth2/revoke"),
		"end_session_endpoint":                       s.url("/oauth2/end_session"),
		"jwks_uri":                                   s.url("/oauth2/jwks"),
		"response_types_supported":                   []string{"code", "none"},
		"response_modes_supported":                   []string{"query"},
		"grant_types_supported":                      []string{grantAuthorizationCode, grantRefreshToken},
		"code_challenge_methods_supported":           []string{"S256"},
		"id_token_signing_alg_values_supported":      []string{"RS256"},
		"subject_types_supported":                    []string{"public"},
		"token_endpoint_auth_methods_supported":      []string{"none"},
		"revocation_endpoint_auth_methods_supported": []string{"none"},
		"scopes_supported": []string{"openid", "offline_access", "email", "profile",
			"https://authgear.com/scopes/full-access", "https://authgear.com/scopes/full-userinfo"},
		"claims_supported": []string{"sub", "email", "email_verified", "name", "given_name",
			"family_name", "preferred_username", "updated_at", claimIsAnonymous, claimIsVerified,
			claimCanReauthenticate, claimRoles, "custom_attributes"},
	}
	if s.dpopOn() {
		meta["dpop_signing_alg_values_supported"] = dpop.Algorithms // RFC 9449 §5.1, as Authgear
	}
	writeJSON(w, http.StatusOK, meta)
}
