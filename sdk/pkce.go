package sdk

import (
	"context"
	"encoding/base64"
)

// Sizes of the one-time secrets of an authorization request.
const (
	// codeVerifierBytes gives a 43-character verifier, the minimum RFC 7636 §4.1 allows
	// and the 256 bits of entropy it recommends.
	codeVerifierBytes = 32
	// stateBytes is the entropy of the CSRF state and the OIDC nonce (RFC 6749 §10.10:
	// at most 2^-128 chance of guessing; 192 bits here).
	stateBytes = 24
)

// pkce is one code verifier and its S256 challenge (RFC 7636 §4.1, §4.2).
type pkce struct {
	verifier, challenge string
}

// newPKCE makes a verifier from the injected randomness and hashes it with the injected
// SHA-256: challenge = BASE64URL(SHA256(ASCII(verifier))).
func newPKCE(ctx context.Context, cr Crypto) (pkce, error) {
	verifier, err := randomString(cr, codeVerifierBytes)
	if err != nil {
		return pkce{}, err
	}
	sum, err := cr.SHA256(ctx, []byte(verifier))
	if err != nil {
		return pkce{}, err
	}
	return pkce{verifier: verifier, challenge: base64.RawURLEncoding.EncodeToString(sum)}, nil
}

// randomString returns n random bytes as unpadded base64url (RFC 4648 §5), which needs
// no escaping in a URL.
func randomString(cr Crypto, n int) (string, error) {
	b, err := cr.RandomBytes(n)
	if err != nil {
		return "", err
	}
	if len(b) != n {
		return "", wrapError(ErrInternal, "short read from the random source")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// constantTimeEqual compares secrets without an early exit, so the time taken does not
// tell an attacker how many leading bytes matched. crypto/subtle is not linked on
// purpose: sdk imports no crypto package (ARCHITECTURE.md, size budget).
func constantTimeEqual(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var diff byte
	for i := 0; i < len(a); i++ {
		diff |= a[i] ^ b[i]
	}
	return diff == 0
}
