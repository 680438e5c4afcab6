package upstream

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"time"
)

// tokenResponse is RFC 6749 §5.1's successful response.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

// handleToken is the token endpoint for confidential clients (RFC 6749 §3.2, §2.3.1):
// authorization_code with PKCE (RFC 7636 §4.6) and refresh_token with rotation (§6).
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_request"})
		return
	}
	gt := r.PostForm.Get("grant_type")
	if gt == "authorization_code" || gt == "refresh_token" {
		s.inc("token:" + gt)
	}
	client, ok := s.authenticateClient(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="upstream"`)
		writeJSON(w, http.StatusUnauthorized, oauthError{Code: "invalid_client"})
		return
	}
	now := s.now()
	switch gt {
	case "authorization_code":
		verifier := r.PostForm.Get("code_verifier")
		c, err := s.store.redeemCode(r.PostForm.Get("code"), now, func(c authCode) bool {
			sum := sha256.Sum256([]byte(verifier))
			return c.clientID == client.ID && c.redirectURI == r.PostForm.Get("redirect_uri") &&
				subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(c.challenge)) == 1
		})
		if err != nil {
			writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_grant", Description: "bad, spent or expired code, or PKCE mismatch"})
			return
		}
		var g *grant
		if c.offline {
			g = &grant{clientID: client.ID, username: c.username, scope: c.scope}
		}
		s.answerTokens(w, c.username, c.scope, g, now)
	case "refresh_token":
		g, err := s.store.rotate(r.PostForm.Get("refresh_token"), client.ID)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_grant", Description: "the refresh token is invalid, spent or revoked"})
			return
		}
		s.answerTokens(w, g.username, g.scope, g, now)
	default:
		writeJSON(w, http.StatusBadRequest, oauthError{Code: "unsupported_grant_type"})
	}
}

func (s *Server) answerTokens(w http.ResponseWriter, username, scope string, g *grant, now time.Time) {
	lifetime := s.accessLifetime()
	access, refresh := s.store.issue(username, scope, g, now, lifetime)
	writeJSON(w, http.StatusOK, tokenResponse{AccessToken: access, TokenType: "Bearer",
		ExpiresIn: int64(lifetime / time.Second), RefreshToken: refresh, Scope: scope})
}

// authenticateClient checks HTTP Basic client credentials in constant time (RFC 6749 §2.3.1).
func (s *Server) authenticateClient(r *http.Request) (Client, bool) {
	id, secret, ok := r.BasicAuth()
	c, known := s.clients[id]
	if !ok || !known {
		return Client{}, false
	}
	return c, subtle.ConstantTimeCompare([]byte(c.Secret), []byte(secret)) == 1
}

// handleRevoke is RFC 7009's revocation endpoint: 200 whatever the token was.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	s.inc("revoke")
	client, ok := s.authenticateClient(r)
	if !ok {
		writeJSON(w, http.StatusUnauthorized, oauthError{Code: "invalid_client"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	_ = r.ParseForm()
	s.store.revokeToken(r.PostForm.Get("token"), client.ID, s.now())
	w.WriteHeader(http.StatusOK)
}
