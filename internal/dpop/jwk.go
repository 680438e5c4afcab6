package dpop

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
)

// minRSABits is the smallest RSA modulus accepted (NIST SP 800-131A: 2048 bits).
const minRSABits = 2048

// privateMembers are the JWK members that carry private or symmetric key material
// (RFC 7518 §6.2.2, §6.3.2, §6.4): a proof's jwk must hold none (RFC 9449 §4.3 item 7).
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// b64 decodes strict unpadded base64url, so one key has exactly one spelling and its
// thumbprint cannot be varied by re-encoding.
var b64 = base64.RawURLEncoding.Strict()

// publicKey reads the header's jwk for alg and returns the key and its RFC 7638 SHA-256
// thumbprint, base64url-encoded (the "jkt" of RFC 9449 §6.1).
func publicKey(jwk any, alg string) (crypto.PublicKey, string, error) {
	m, ok := jwk.(map[string]any)
	if !ok {
		return nil, "", ErrKey
	}
	for _, name := range privateMembers {
		if _, has := m[name]; has {
			return nil, "", ErrKey
		}
	}
	str := func(name string) string { s, _ := m[name].(string); return s }
	switch kty := str("kty"); {
	case alg == "ES256" && kty == "EC":
		return ecKey(str("crv"), str("x"), str("y"))
	case alg == "RS256" && kty == "RSA":
		return rsaKey(str("n"), str("e"))
	}
	return nil, "", ErrKey
}

func ecKey(crv, x, y string) (crypto.PublicKey, string, error) {
	xb, errX := b64.DecodeString(x)
	yb, errY := b64.DecodeString(y)
	if crv != "P-256" || errX != nil || errY != nil || len(xb) != 32 || len(yb) != 32 {
		return nil, "", ErrKey
	}
	key, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, xb...), yb...))
	if err != nil { // not a point on the curve
		return nil, "", ErrKey
	}
	// RFC 7638 §3.2: the required members, lexicographic order, no whitespace.
	return key, thumb(`{"crv":"P-256","kty":"EC","x":"` + x + `","y":"` + y + `"}`), nil
}

func rsaKey(n, e string) (crypto.PublicKey, string, error) {
	nb, errN := b64.DecodeString(n)
	eb, errE := b64.DecodeString(e)
	if errN != nil || errE != nil || len(nb) == 0 || nb[0] == 0 || len(eb) == 0 || len(eb) > 4 || eb[0] == 0 {
		return nil, "", ErrKey // RFC 7518 §6.3.1: minimal big-endian octets
	}
	mod := new(big.Int).SetBytes(nb)
	exp := int(new(big.Int).SetBytes(eb).Int64())
	if mod.BitLen() < minRSABits || exp < 3 || exp%2 == 0 {
		return nil, "", ErrKey
	}
	return &rsa.PublicKey{N: mod, E: exp}, thumb(`{"e":"` + e + `","kty":"RSA","n":"` + n + `"}`), nil
}

func thumb(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AccessTokenHash is the ath claim for a token: base64url(SHA-256(token)) (RFC 9449 §4.2).
func AccessTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
