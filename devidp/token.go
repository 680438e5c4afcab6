package devidp

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"regexp"
	"time"

	"github.com/wasmgear/wasmgear/internal/dpop"
)

// Grant types of RFC 6749 §4.1.3 and §6.
const (
	grantAuthorizationCode = "authorization_code"
	grantRefreshToken      = "refresh_token"
	// grantIDToken is Authgear's grant for a fresh ID token of the current session.
	grantIDToken = "urn:authgear:params:oauth:grant-type:id-token"
)

// codeVerifierRE is the code_verifier syntax of RFC 7636 §4.1.
var codeVerifierRE = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// tokenResponse is the successful token response (RFC 6749 §5.1, OpenID Connect Core 1.0 §3.1.3.3).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

// handleToken is the token endpoint for public clients (RFC 6749 §3.2, §2.1).
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "malformed form body")
		return
	}
	gt := r.PostForm.Get("grant_type")
	counter := ""
	if gt == grantAuthorizationCode || gt == grantRefreshToken || gt == grantIDToken || gt == grantSettingsAction {
		counter = "token:" + gt
	}
	if !s.enter(w, r, counter, "token", gt) {
		return
	}
	clientID := r.PostForm.Get("client_id")
	switch {
	case gt == "":
		tokenError(w, http.StatusBadRequest, "invalid_request", "grant_type is required")
		return
	case gt != grantAuthorizationCode && gt != grantRefreshToken && gt != grantIDToken && gt != grantSettingsAction:
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code, refresh_token, "+grantIDToken+" or "+grantSettingsAction)
		return
	case !s.clientIDs[clientID]:
		tokenError(w, http.StatusUnauthorized, "invalid_client", "unknown client_id")
		return
	}
	proof, ok := s.tokenProof(w, r)
	if !ok {
		return
	}
	switch gt {
	case grantAuthorizationCode:
		s.exchangeCode(w, r, clientID, proof)
	case grantIDToken:
		s.issueIDToken(w, r, clientID, proof)
	case grantSettingsAction:
		s.exchangeSettingsAction(w, r, clientID)
	default:
		s.refresh(w, r, clientID, proof)
	}
}

// exchangeCode redeems an authorization code (RFC 6749 §4.1.3) after checking the PKCE
// verifier (RFC 7636 §4.6) and the code's DPoP binding (RFC 9449 §10); a new grant is
// bound to the proof's key, if a proof came.
func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request, clientID string, proof *dpop.Proof) {
	code, verifier := r.PostForm.Get("code"), r.PostForm.Get("code_verifier")
	if code == "" {
		tokenError(w, http.StatusBadRequest, "invalid_request", "code is required")
		return
	}
	now := s.now()
	g, rt, err := s.store.exchangeCode(code, now, func(c authCode) error {
		switch {
		case c.req.clientID != clientID:
			return grantError("code was issued to another client")
		case c.req.redirectURI != r.PostForm.Get("redirect_uri"):
			return grantError("redirect_uri does not match the authorization request")
		case verifier == "":
			return &oauthError{Code: "invalid_request", Description: "code_verifier is required"}
		case !codeVerifierRE.MatchString(verifier) || !verifyS256(verifier, c.req.codeChallenge):
			return grantError("code_verifier does not match the code_challenge")
		}
		if s.dpopOn() {
			return checkBinding(c.req.dpopJKT, proof)
		}
		return nil
	})
	if err == nil && s.dpopOn() && proof != nil {
		// Only the binding is taken from the stored grant: a reauthentication's copy
		// carries this request's nonce and auth_time, which the stored grant does not.
		var bound grant
		bound, err = s.store.bindGrant(g.id, proof.JKT)
		g.dpopJKT = bound.dpopJKT
	}
	if err == nil && s.dpopOn() {
		err = checkBinding(g.dpopJKT, proof) // a reauthenticated grant keeps its key
	}
	if err != nil {
		s.grantFailure(w, err)
		return
	}
	s.issueTokens(w, g, rt, now, grantAuthorizationCode)
}

// verifyS256 checks BASE64URL(SHA256(verifier)) == challenge in constant time (RFC 7636 §4.6).
func verifyS256(verifier, challenge string) bool {
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(b64(sum[:])), []byte(challenge)) == 1
}

// refresh answers the refresh_token grant (RFC 6749 §6). A bound grant's refresh needs a
// proof of its key (RFC 9449 §5), checked before rotation spends the token, so a thief
// without the key cannot burn the owner's token either.
func (s *Server) refresh(w http.ResponseWriter, r *http.Request, clientID string, proof *dpop.Proof) {
	token := r.PostForm.Get("refresh_token")
	if token == "" {
		tokenError(w, http.StatusBadRequest, "invalid_request", "refresh_token is required")
		return
	}
	_, rotate := s.settings()
	check := func(g grant) error { return checkBinding(g.dpopJKT, proof) }
	if !s.dpopOn() {
		check = nil
	}
	g, rt, err := s.store.useBoundRefreshToken(token, clientID, rotate, check)
	if errors.Is(err, errTokenReused) {
		s.counts.inc("reuse_detected")
	}
	if err != nil {
		s.grantFailure(w, err)
		return
	}
	s.issueTokens(w, g, rt, s.now(), grantRefreshToken)
}

// issueTokens signs a new access token and ID token for a grant and answers them.
func (s *Server) issueTokens(w http.ResponseWriter, g grant, refreshToken string, now time.Time, grantType string) {
	u := s.userByName(g.username)
	if u == nil {
		tokenError(w, http.StatusBadRequest, "invalid_grant", "the user no longer exists")
		return
	}
	lifetime, _ := s.settings()
	g, tokenType := s.issuedBinding(g)
	access, err := s.keys.sign(s.accessClaims(g, u, now, lifetime))
	if err != nil {
		tokenError(w, http.StatusInternalServerError, "server_error", "signing failed")
		return
	}
	id, err := s.idTokenFor(s.idClaims(g, u, now, lifetime), grantType, now)
	if err != nil {
		tokenError(w, http.StatusInternalServerError, "server_error", "signing failed")
		return
	}
	writeJSON(w, http.StatusOK, tokenResponse{AccessToken: access, TokenType: tokenType,
		ExpiresIn: int64(lifetime / time.Second), RefreshToken: refreshToken, IDToken: id, Scope: g.scope})
}

// grantFailure answers a store or check error: an *oauthError as itself, anything else
// as invalid_grant (RFC 6749 §5.2).
func (s *Server) grantFailure(w http.ResponseWriter, err error) {
	var oe *oauthError
	if errors.As(err, &oe) {
		tokenError(w, http.StatusBadRequest, oe.Code, oe.Description)
		return
	}
	desc := "the grant is invalid, expired or revoked"
	switch {
	case errors.Is(err, errCodeReplayed):
		desc = "the authorization code was already used; its grant is revoked"
	case errors.Is(err, errTokenReused):
		desc = "refresh token reuse detected; the grant is revoked"
	case errors.Is(err, errClientMismatch):
		desc = "the token was issued to another client"
	}
	tokenError(w, http.StatusBadRequest, "invalid_grant", desc)
}

func (e *oauthError) Error() string { return "devidp: " + e.Code + ": " + e.Description }

func grantError(desc string) error { return &oauthError{Code: "invalid_grant", Description: desc} }

// tokenError answers an RFC 6749 §5.2 error; invalid_client carries a challenge.
func tokenError(w http.ResponseWriter, status int, code, desc string) {
	noStore(w)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="devidp"`)
	}
	writeJSON(w, status, oauthError{Code: code, Description: desc})
}
