package devidp

import (
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/wasmgear/wasmgear/internal/dpop"
)

// DPoP (RFC 9449) in the provider. It is on by default, unlike most switches here: the
// SDK turns DPoP on whenever discovery advertises it, so with the default every test that
// signs in through devidp runs the SDK's default path (proofs, bound refresh tokens,
// DPoP access tokens); Config.DisableDPoP or the admin API switch it off to test the
// Bearer path, as against a provider without DPoP.
//
// Bindings follow Authgear (pkg/lib/oauth grant_code.go, grant_offline.go): a code whose
// authorize request sent dpop_jkt needs a proof of that key; a grant made with a proof is
// bound to its key, and each refresh of a bound grant needs a proof of that key, else
// 400 invalid_dpop_proof; a grant made without one (an older login) stays unbound and
// keeps refreshing, proof or not. Unlike Authgear, whose access tokens are session
// references, devidp's access tokens of a bound grant carry cnf.jkt and are answered as
// token_type DPoP (RFC 9449 §5, §6.1), so resource servers can check them (backend does).

// dpopState is the provider's DPoP switches and its current nonce.
type dpopState struct {
	mu            sync.Mutex // guards the fields below
	off           bool       // DPoP not offered: no discovery entry, proofs ignored
	required      bool       // token requests without a proof are refused
	nonceRequired bool       // token requests need the current nonce (§8)
	nonce         string
	verifier      *dpop.Verifier
}

// DPoPSettings are the DPoP switches, as the admin API reports them.
type DPoPSettings struct {
	Enabled       bool // discovery advertises DPoP and proofs are checked and bind grants
	Required      bool // token requests must carry a proof
	NonceRequired bool // token requests' proofs must carry the current DPoP-Nonce
}

// DPoP returns the current DPoP switches.
func (s *Server) DPoP() DPoPSettings {
	d := &s.dpop
	d.mu.Lock()
	defer d.mu.Unlock()
	return DPoPSettings{Enabled: !d.off, Required: d.required, NonceRequired: d.nonceRequired}
}

// SetDPoP changes the DPoP switches for requests from now on. Turned off, devidp acts as
// a provider without DPoP: it ignores proofs and bindings and issues Bearer tokens.
func (s *Server) SetDPoP(c DPoPSettings) {
	d := &s.dpop
	d.mu.Lock()
	defer d.mu.Unlock()
	d.off, d.required, d.nonceRequired = !c.Enabled, c.Required, c.NonceRequired
}

// RotateDPoPNonce replaces the nonce (RFC 9449 §8): proofs carrying the old one are
// answered use_dpop_nonce with the new one in DPoP-Nonce. It returns the new nonce.
func (s *Server) RotateDPoPNonce() string {
	d := &s.dpop
	d.mu.Lock()
	defer d.mu.Unlock()
	d.nonce = randomToken()
	return d.nonce
}

// tokenProof checks the DPoP proof of a token request (RFC 9449 §4.3, §5). It returns nil
// when DPoP is off or no proof was sent (and none is required); on a bad proof it answers
// 400 invalid_dpop_proof, or use_dpop_nonce with a fresh DPoP-Nonce, and reports false.
func (s *Server) tokenProof(w http.ResponseWriter, r *http.Request) (*dpop.Proof, bool) {
	d := &s.dpop
	d.mu.Lock()
	off, required, nonceRequired, nonce := d.off, d.required, d.nonceRequired, d.nonce
	d.mu.Unlock()
	if off {
		return nil, true
	}
	if nonceRequired {
		w.Header().Set("DPoP-Nonce", nonce) // the nonce to use next (§8.2)
	}
	raw, present, err := dpop.Header(r.Header)
	if !present && !required {
		return nil, true
	}
	if !present {
		err = &dpop.Error{Code: dpop.CodeInvalidProof, Reason: "this provider requires a DPoP proof"}
	}
	req := dpop.Request{Method: http.MethodPost, URL: s.url("/oauth2/token")}
	if nonceRequired {
		req.Nonce = func(n string) bool { return n == nonce }
	}
	var p *dpop.Proof
	if err == nil {
		p, err = d.verifier.Verify(raw, req)
	}
	if err != nil {
		s.counts.inc("dpop_rejected")
		dpopError(w, err)
		return nil, false
	}
	s.counts.inc("dpop_proof")
	return p, true
}

// dpopError answers a proof's rejection at the token endpoint (RFC 9449 §5, §8).
func dpopError(w http.ResponseWriter, err error) {
	var de *dpop.Error
	if !errors.As(err, &de) {
		de = &dpop.Error{Code: dpop.CodeInvalidProof, Reason: "invalid DPoP proof"}
	}
	tokenError(w, http.StatusBadRequest, de.Code, de.Reason)
}

// bindingError is Authgear's answer to a code or refresh token used without a proof of
// the key it is bound to ("Invalid DPoP key binding", pkg/lib/oauth/dpop.go).
func bindingError(why string) error {
	return &oauthError{Code: dpop.CodeInvalidProof, Description: "Invalid DPoP key binding: " + why}
}

// checkBinding reports whether proof may use something bound to jkt ("" = unbound).
func checkBinding(jkt string, proof *dpop.Proof) error {
	switch {
	case jkt == "":
		return nil
	case proof == nil:
		return bindingError("a DPoP proof of the bound key is required")
	case proof.JKT != jkt:
		return bindingError("the DPoP proof's key is not the bound key")
	}
	return nil
}

// proofJKT is the thumbprint a proof binds to, "" without one.
func proofJKT(p *dpop.Proof) string {
	if p == nil {
		return ""
	}
	return p.JKT
}

// issuedBinding is g as tokens are issued for it now, with their token_type: a bound
// grant's access tokens carry cnf.jkt and are DPoP tokens (RFC 9449 §5); with DPoP off
// the binding is left out and they are Bearer tokens.
func (s *Server) issuedBinding(g grant) (grant, string) {
	if g.dpopJKT != "" && s.dpopOn() {
		return g, "DPoP"
	}
	g.dpopJKT = ""
	return g, "Bearer"
}

// dpopOn reports whether DPoP is offered now.
func (s *Server) dpopOn() bool {
	s.dpop.mu.Lock()
	defer s.dpop.mu.Unlock()
	return !s.dpop.off
}

// dpopChallenge is the WWW-Authenticate of a refused DPoP request (RFC 9449 §7.1).
func dpopChallenge(code string) string {
	return `DPoP error="` + code + `", algs="` + strings.Join(dpop.Algorithms, " ") + `"`
}

// apiProof checks the optional DPoP proof of an Authgear API call that presents a
// refresh token or makes a grant outside the token endpoint (app_session_token,
// anonymous signup): Authgear's ParseRefreshToken matches the proof's key against the
// grant there too, so a stolen bound refresh token cannot mint a web session either.
// It returns nil without a proof or with DPoP off.
func (s *Server) apiProof(r *http.Request) (*dpop.Proof, error) {
	if !s.dpopOn() {
		return nil, nil
	}
	raw, present, err := dpop.Header(r.Header)
	if !present {
		return nil, nil
	}
	var p *dpop.Proof
	if err == nil {
		p, err = s.dpop.verifier.Verify(raw, dpop.Request{Method: r.Method, URL: s.requestURL(r)})
	}
	if err != nil {
		s.counts.inc("dpop_rejected")
		return nil, err
	}
	return p, nil
}

// apiBinding is apiProof followed by the binding check of grant g.
func (s *Server) apiBinding(r *http.Request, g grant) (*dpop.Proof, error) {
	p, err := s.apiProof(r)
	if err == nil && s.dpopOn() {
		err = checkBinding(g.dpopJKT, p)
	}
	return p, err
}
