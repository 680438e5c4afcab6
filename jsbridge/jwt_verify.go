//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// WebVerifier is sdk.SignatureVerifier over crypto.subtle: importKey("jwk") and verify.
// The browser's RSA and ECDSA code does the work, so none is linked into the module.
type WebVerifier struct{}

// webCryptoAlgs returns the WebCrypto algorithm parameters of a JWS alg (RFC 7518 §3.3,
// §3.4, §3.5): for importKey, then for verify. PS256 uses a salt as long as the hash,
// as RFC 7518 §3.5 requires; ES256 signatures are raw r||s, WebCrypto's own format.
// A switch, not a package-level map: a map literal is built by the package's init, at
// every page load, and its code compiled then, though only a login verifies a token.
func webCryptoAlgs(alg string) (params [2]map[string]any, ok bool) {
	switch alg {
	case "RS256":
		return [2]map[string]any{{"name": "RSASSA-PKCS1-v1_5", "hash": "SHA-256"}, {"name": "RSASSA-PKCS1-v1_5"}}, true
	case "PS256":
		return [2]map[string]any{{"name": "RSA-PSS", "hash": "SHA-256"}, {"name": "RSA-PSS", "saltLength": 32}}, true
	case "ES256":
		return [2]map[string]any{{"name": "ECDSA", "namedCurve": "P-256"}, {"name": "ECDSA", "hash": "SHA-256"}}, true
	}
	return params, false
}

// Verify implements sdk.SignatureVerifier. The key is imported without alg, use or
// key_ops, which the core has already matched, and as non-extractable.
func (WebVerifier) Verify(ctx context.Context, alg string, key *sdk.JWK, input, sig []byte) (bool, error) {
	params, ok := webCryptoAlgs(alg)
	if !ok {
		return false, errors.New("wasmgear: no WebCrypto algorithm for " + alg)
	}
	subtle, err := subtleCrypto()
	if err != nil {
		return false, err
	}
	jwk := map[string]any{"kty": key.Kty}
	if key.Kty == "EC" {
		jwk["crv"], jwk["x"], jwk["y"] = key.Crv, key.X, key.Y
	} else {
		jwk["n"], jwk["e"] = key.N, key.E
	}
	jsKey, err1 := safejs.ValueOf(jwk)
	importAlg, err2 := safejs.ValueOf(params[0])
	verifyAlg, err3 := safejs.ValueOf(params[1])
	usages, err4 := safejs.ValueOf([]any{"verify"})
	jsSig, err5 := uint8Array(sig)
	jsInput, err6 := uint8Array(input)
	if err := errors.Join(err1, err2, err3, err4, err5, err6); err != nil {
		return false, err
	}
	imported, err := subtle.Call("importKey", "jwk", jsKey, importAlg, false, usages)
	if err != nil {
		return false, err
	}
	cryptoKey, err := await(ctx, imported)
	if err != nil {
		return false, err
	}
	verified, err := subtle.Call("verify", verifyAlg, cryptoKey, jsSig, jsInput)
	if err != nil {
		return false, err
	}
	result, err := await(ctx, verified)
	if err != nil {
		return false, err
	}
	return result.Truthy()
}
