package devidp

import "net/http"

// handleRevoke is the revocation endpoint (RFC 7009 §2.1): it revokes the grant of a
// refresh token and answers 200 even for unknown tokens (§2.2).
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if !s.enter(w, r, "revoke", "revoke", "") {
		return
	}
	noStore(w)
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_request", Description: "malformed form body"})
		return
	}
	token := r.PostForm.Get("token")
	if token == "" {
		writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_request", Description: "token is required"})
		return
	}
	s.store.revokeRefreshToken(token, r.PostForm.Get("client_id"))
	w.WriteHeader(http.StatusOK)
}
