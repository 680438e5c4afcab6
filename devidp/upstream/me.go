package upstream

import (
	"net/http"
	"strings"
)

// handleMe is the protected API: the account behind a live bearer access token
// (RFC 6750 §2.1), callable from an allowed browser origin.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); origin != "" && s.origins[strings.ToLower(origin)] {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Vary", "Origin")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET")
			w.Header().Set("Access-Control-Allow-Headers", "Authorization")
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, OPTIONS")
		writeJSON(w, http.StatusMethodNotAllowed, oauthError{Code: "invalid_request"})
		return
	}
	s.inc("me")
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	a, ok := s.store.liveAccess(strings.TrimSpace(token), s.now())
	if !strings.EqualFold(scheme, "Bearer") || !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="upstream", error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, oauthError{Code: "invalid_token", Description: "missing, expired or revoked access token"})
		return
	}
	acct := s.account(a.username)
	writeJSON(w, http.StatusOK, map[string]any{"sub": acct.Sub, "username": acct.Username,
		"email": acct.Email, "name": acct.Name, "scope": a.scope})
}
