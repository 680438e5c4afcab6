package devidp

import (
	"errors"
	"net/http"
	"strings"

	"github.com/wasmgear/wasmgear/internal/dpop"
)

// bindingCheck checks a verified access token against the request's DPoP proof: dpop
// says the Authorization scheme was DPoP, jkt is the token's cnf.jkt ("" = unbound).
type bindingCheck func(r *http.Request, dpopScheme bool, token, jkt string) error

// errSchemeMismatch is a bound token sent as Bearer, or an unbound one as DPoP: both are
// invalid_token under the DPoP challenge (RFC 9449 §7.1, §7.2).
var errSchemeMismatch = errors.Join(errInvalidCredential, errors.New("devidp: the Authorization scheme does not fit the token's binding"))

// resourceBinding is the check of devidp's protected resources (userinfo, the vault,
// Authgear's APIs): a bound token needs "Authorization: DPoP" and a proof of its key for
// this method and URL with ath (RFC 9449 §7). With DPoP off a bound token is taken as
// Bearer, as by a provider that never heard of cnf.
func (s *Server) resourceBinding(r *http.Request, dpopScheme bool, token, jkt string) error {
	if !s.dpopOn() {
		if dpopScheme {
			return errInvalidCredential
		}
		return nil
	}
	if dpopScheme != (jkt != "") {
		return errSchemeMismatch
	}
	if jkt == "" {
		return nil
	}
	raw, present, err := dpop.Header(r.Header)
	if !present {
		return &dpop.Error{Code: dpop.CodeInvalidProof, Reason: "a DPoP-bound token needs a DPoP proof"}
	}
	if err == nil {
		_, err = s.dpop.verifier.Verify(raw, dpop.Request{Method: r.Method, URL: s.requestURL(r), AccessToken: token, JKT: jkt})
	}
	if err != nil {
		s.counts.inc("dpop_rejected")
	}
	return err
}

// resolverBinding is the resolver's check: the app server forwards Authorization, but a
// proof names the app's URL, not the resolver's, so it cannot be checked here (the app
// server checks it: backend's JWT middleware). The scheme must still fit the binding.
func (s *Server) resolverBinding(_ *http.Request, dpopScheme bool, _, jkt string) error {
	if s.dpopOn() && dpopScheme != (jkt != "") {
		return errSchemeMismatch
	}
	if !s.dpopOn() && dpopScheme {
		return errInvalidCredential
	}
	return nil
}

// tokenBinding is the check of the ID-token grant, whose proof the token endpoint has
// already verified: a bound token needs that proof to be of its key.
func (s *Server) tokenBinding(proof *dpop.Proof) bindingCheck {
	return func(_ *http.Request, _ bool, _, jkt string) error {
		if !s.dpopOn() {
			return nil
		}
		return checkBinding(jkt, proof)
	}
}

// requestURL is the URL the client addressed: the issuer's origin and base path with the
// request's path, so it is right behind a proxy that rewrites Host.
func (s *Server) requestURL(r *http.Request) string {
	return s.issuer + strings.TrimPrefix(r.URL.Path, s.basePath)
}

// dpopScheme reports whether a request presents its token with the DPoP scheme.
func dpopScheme(r *http.Request) bool {
	scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.EqualFold(scheme, "DPoP")
}
