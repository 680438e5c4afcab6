package devidp

import (
	"net/http"

	"github.com/wasmgear/wasmgear/internal/dpop"
)

// idTokenResponse is the answer of Authgear's ID-token grant: an ID token alone, no
// access token (handler_token.go handleIDToken).
type idTokenResponse struct {
	IDToken string `json:"id_token"`
}

// issueIDToken answers urn:authgear:params:oauth:grant-type:id-token: a new ID token
// for the session named by the Bearer access token or, in cookie mode, the session
// cookie. Without a live session Authgear answers 401 invalid_grant, which ends the
// client's session.
func (s *Server) issueIDToken(w http.ResponseWriter, r *http.Request, clientID string, proof *dpop.Proof) {
	id, present, err := s.identifyWith(r, s.tokenBinding(proof))
	if !present || err != nil {
		tokenError(w, http.StatusUnauthorized, "invalid_grant", "valid session is required")
		return
	}
	now := s.now()
	lifetime, _ := s.settings()
	g := grant{id: id.sid, clientID: clientID, username: id.user.Username, authTime: id.authTime}
	raw, err := s.keys.sign(s.idClaims(g, id.user, now, lifetime))
	if err != nil {
		tokenError(w, http.StatusInternalServerError, "server_error", "signing failed")
		return
	}
	writeJSON(w, http.StatusOK, idTokenResponse{IDToken: raw})
}
