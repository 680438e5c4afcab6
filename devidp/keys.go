package devidp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/big"
	"net/http"
	"sync"

	"github.com/golang-jwt/jwt/v5"
)

// errUnknownKey reports a JWT whose kid names no key of this provider.
var errUnknownKey = errors.New("devidp: unknown signing key")

// signingKey is one RS256 key pair with its key id (RFC 7517 §4.5).
type signingKey struct {
	kid  string
	priv *rsa.PrivateKey
}

// newSigningKey makes an RSA-2048 key whose kid is its RFC 7638 thumbprint.
func newSigningKey() (*signingKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &signingKey{kid: thumbprint(&priv.PublicKey), priv: priv}, nil
}

// thumbprint is the JWK thumbprint of an RSA public key (RFC 7638 §3.2).
func thumbprint(pub *rsa.PublicKey) string {
	n, e := b64(pub.N.Bytes()), b64(big.NewInt(int64(pub.E)).Bytes())
	sum := sha256.Sum256([]byte(`{"e":"` + e + `","kty":"RSA","n":"` + n + `"}`))
	return b64(sum[:])
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// keySet holds every key ever used; the last one signs.
type keySet struct {
	mu   sync.RWMutex // guards keys
	keys []*signingKey
}

func (k *keySet) current() *signingKey {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.keys[len(k.keys)-1]
}

// keyfunc finds the public key named by a token's kid header, for jwt.Parse.
func (k *keySet) keyfunc(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	k.mu.RLock()
	defer k.mu.RUnlock()
	for _, key := range k.keys {
		if key.kid == kid {
			return &key.priv.PublicKey, nil
		}
	}
	return nil, errUnknownKey
}

// jwk is a public RSA (RFC 7518 §6.3.1) or EC (§6.2.1) key in JWK form (RFC 7517 §4).
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
}

func rsaJWK(pub *rsa.PublicKey, kid, alg string) jwk {
	return jwk{Kty: "RSA", Kid: kid, Use: "sig", Alg: alg, N: b64(pub.N.Bytes()), E: b64(big.NewInt(int64(pub.E)).Bytes())}
}

func (k *keySet) jwks() []jwk {
	k.mu.RLock()
	defer k.mu.RUnlock()
	out := make([]jwk, 0, len(k.keys))
	for _, key := range k.keys {
		out = append(out, rsaJWK(&key.priv.PublicKey, key.kid, "RS256"))
	}
	return out
}

// sign signs claims with RS256 and the current key, naming it in the kid header.
func (k *keySet) sign(claims jwt.Claims) (string, error) {
	key := k.current()
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = key.kid
	return t.SignedString(key.priv)
}

// handleJWKS answers the JWK Set of every signing key, old and new (RFC 7517 §5).
func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "jwks", "jwks", "") {
		return
	}
	writeJSON(w, http.StatusOK, map[string][]jwk{"keys": append(s.keys.jwks(), s.extraJWKs()...)})
}

// RotateSigningKey makes a new key that signs from now on; the old public keys stay in the
// JWKS so tokens already issued still verify (OpenID Connect Core 1.0 §10.1.1).
func (s *Server) RotateSigningKey() error {
	key, err := newSigningKey()
	if err != nil {
		return err
	}
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	s.keys.keys = append(s.keys.keys, key)
	return nil
}

// SignAccessToken signs exactly the given claims with the current key (RS256 with a kid
// header, RFC 7515 §4.1.4; the JWT access token profile is RFC 9068), so backend tests can
// craft expired, foreign-audience or otherwise unusual tokens that the JWKS verifies.
func (s *Server) SignAccessToken(claims jwt.MapClaims) (string, error) {
	return s.keys.sign(claims)
}
