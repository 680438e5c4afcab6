package sdk

import (
	"context"
	"encoding/base64"
	"strings"
)

// SignatureVerifier checks one JWS signature (RFC 7515 §5.2) with a public key of the
// provider's JWK Set. The browser's crypto.subtle.verify is injected: Go's RSA and ECDSA
// code would add hundreds of kilobytes to the WebAssembly module.
type SignatureVerifier interface {
	// Verify reports whether signature is alg's signature of signingInput under key. alg
	// is one of RS256, PS256 and ES256 (an ES256 signature is the raw 64-byte r||s of
	// RFC 7518 §3.4). An error means the check could not run (a key the browser refuses).
	Verify(ctx context.Context, alg string, key *JWK, signingInput, signature []byte) (bool, error)
}

// JWK is a public signing key of a JWK Set (RFC 7517 §4): an RSA key (n, e; RFC 7518
// §6.3.1) or an EC P-256 key (crv, x, y; §6.2.1), its members base64url as published.
type JWK struct {
	Kty, Kid, Use, Alg string
	N, E               string // RSA
	Crv, X, Y          string // EC
}

// idTokenAlgs returns the key type of a signature algorithm an ID token may use: the
// ones OIDC Core §15.1 and RFC 9700 name for public clients. none and the HMAC family (a
// shared secret a browser cannot hold) are refused, as is anything unknown. A switch,
// not a package-level map, which the package's init would build at every page load.
func idTokenAlgs(alg string) (kty string, ok bool) {
	switch alg {
	case "RS256", "PS256":
		return "RSA", true
	case "ES256":
		return "EC", true
	}
	return "", false
}

// compactJWS is a JWS compact serialization (RFC 7515 §7.1), decoded but not yet verified.
type compactJWS struct {
	alg, kid     string
	claims       map[string]any
	signingInput string // BASE64URL(header) "." BASE64URL(payload)
	signature    []byte
}

// parseJWS decodes a compact JWS and checks its header: an allowed alg and no crit
// extension (RFC 7515 §4.1.11: a recipient must refuse extensions it does not know).
func parseJWS(raw string) (*compactJWS, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, wrapError(ErrInvalidIDToken, "not a JWS compact serialization")
	}
	header, err := decodeSegment(parts[0])
	if err != nil {
		return nil, wrapError(ErrInvalidIDToken, "the header is not a base64url JSON object")
	}
	alg := stringField(header, "alg")
	if _, ok := idTokenAlgs(alg); !ok {
		return nil, wrapError(ErrInvalidIDToken, "signature algorithm "+quoteAlg(alg)+" is not accepted (RS256, PS256 or ES256)")
	}
	if _, ok := header["crit"]; ok {
		return nil, wrapError(ErrInvalidIDToken, "the header has crit extensions")
	}
	claims, err := decodeSegment(parts[1])
	if err != nil {
		return nil, wrapError(ErrInvalidIDToken, "the payload is not a base64url JSON object")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) == 0 {
		return nil, wrapError(ErrInvalidIDToken, "the signature is not base64url")
	}
	return &compactJWS{alg: alg, kid: stringField(header, "kid"), claims: claims,
		signingInput: parts[0] + "." + parts[1], signature: sig}, nil
}

// decodeSegment decodes one base64url segment holding a JSON object.
func decodeSegment(seg string) (map[string]any, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return nil, err
	}
	return decodeObject(b)
}

// quoteAlg names an alg in a message, cut short: the header is the sender's text.
func quoteAlg(alg string) string {
	if len(alg) > 16 {
		alg = alg[:16] + "…"
	}
	return `"` + alg + `"`
}

// verifySignature checks t's signature with the provider's key named by its kid
// (OIDC Core §3.1.3.7 step 6, §10.1), fetching the JWK Set when needed.
func (p *provider) verifySignature(ctx context.Context, jwksURI string, t *compactJWS) error {
	if jwksURI == "" {
		return wrapError(ErrInvalidIDToken, "the provider publishes no jwks_uri to verify it with")
	}
	if t.alg == "ES256" && len(t.signature) != 64 {
		return wrapError(ErrInvalidIDToken, "an ES256 signature is 64 bytes (r||s)")
	}
	key, err := p.keys.key(ctx, p, jwksURI, t.kid, t.alg)
	if err != nil {
		return err
	}
	ok, err := p.verifier.Verify(ctx, t.alg, key, []byte(t.signingInput), t.signature)
	if err != nil {
		return wrapError(ErrInvalidIDToken, "the signature could not be checked: "+err.Error())
	}
	if !ok {
		return wrapError(ErrInvalidIDToken, "the signature does not verify")
	}
	return nil
}

// fits reports whether k can verify alg: the right key type (and curve), a use of sig
// and an alg of its own, when the set states them (RFC 7517 §4.2, §4.4).
func (k *JWK) fits(alg string) bool {
	if kty, _ := idTokenAlgs(alg); k.Kty != kty || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != alg) {
		return false
	}
	if k.Kty == "EC" {
		return k.Crv == "P-256" && k.X != "" && k.Y != ""
	}
	return k.N != "" && k.E != ""
}
