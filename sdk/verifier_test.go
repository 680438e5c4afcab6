package sdk

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/big"
)

// GoVerifier is SignatureVerifier over Go's crypto/rsa and crypto/ecdsa, for the native
// tests only: the WebAssembly module verifies with WebCrypto (jsbridge.WebVerifier), and
// a jsbridge test in Chromium checks that both agree.
type GoVerifier struct{}

// Verify implements SignatureVerifier.
func (GoVerifier) Verify(_ context.Context, alg string, key *JWK, input, sig []byte) (bool, error) {
	digest := sha256.Sum256(input)
	switch alg {
	case "RS256", "PS256":
		n, err1 := base64.RawURLEncoding.DecodeString(key.N)
		e, err2 := base64.RawURLEncoding.DecodeString(key.E)
		if err := errors.Join(err1, err2); err != nil {
			return false, err
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		if alg == "RS256" {
			return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) == nil, nil
		}
		return rsa.VerifyPSS(pub, crypto.SHA256, digest[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}) == nil, nil
	case "ES256":
		x, err1 := base64.RawURLEncoding.DecodeString(key.X)
		y, err2 := base64.RawURLEncoding.DecodeString(key.Y)
		if err := errors.Join(err1, err2); err != nil {
			return false, err
		}
		if len(sig) != 64 {
			return false, nil
		}
		pub := &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}
		return ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])), nil
	}
	return false, errors.New("GoVerifier: unsupported alg " + alg)
}
