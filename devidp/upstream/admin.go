package upstream

import (
	"encoding/json"
	"net"
	"net/http"
)

// handleAdmin answers the loopback-only test controls, so `make demo` can act out an
// expired token or a user who removed the app: POST /_admin/expire and /_admin/revoke
// with {"user": username} answer {"count": n}.
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request, action string) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		writeJSON(w, http.StatusForbidden, oauthError{Code: "access_denied", Description: "admin API is loopback only"})
		return
	}
	var body struct {
		User string `json:"user"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || s.account(body.User) == nil {
		writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_request", Description: `want {"user": a known username}`})
		return
	}
	n := 0
	if action == "expire" {
		n = s.ExpireAccessTokens(body.User)
	} else {
		n = s.RevokeRefreshTokens(body.User)
	}
	writeJSON(w, http.StatusOK, map[string]int{"count": n})
}
