// Package dpoptest makes DPoP proofs (RFC 9449 §4.2) for tests of the servers that check
// them: a real client key, well-formed proofs by default, and hooks to break any part.
package dpoptest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Key is a client's proof key pair.
type Key struct {
	Alg  string         // "ES256" or "RS256"
	JWK  map[string]any // the public JWK a proof carries
	JKT  string         // its RFC 7638 thumbprint
	priv crypto.Signer
	// Now is the clock for iat; default time.Now.
	Now func() time.Time
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// NewES256 returns a fresh P-256 key, the kind browsers make with WebCrypto.
func NewES256() *Key {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	x, y := b64(priv.X.FillBytes(make([]byte, 32))), b64(priv.Y.FillBytes(make([]byte, 32)))
	return &Key{Alg: "ES256", priv: priv,
		JWK: map[string]any{"kty": "EC", "crv": "P-256", "x": x, "y": y},
		JKT: thumb(`{"crv":"P-256","kty":"EC","x":"` + x + `","y":"` + y + `"}`)}
}

// NewRS256 returns a fresh RSA key of bits.
func NewRS256(bits int) *Key {
	priv, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err)
	}
	n, e := b64(priv.N.Bytes()), b64(big.NewInt(int64(priv.E)).Bytes())
	return &Key{Alg: "RS256", priv: priv, JWK: map[string]any{"kty": "RSA", "n": n, "e": e},
		JKT: thumb(`{"e":"` + e + `","kty":"RSA","n":"` + n + `"}`)}
}

func thumb(s string) string { sum := sha256.Sum256([]byte(s)); return b64(sum[:]) }

// PrivateJWK is the JWK with its private member d, which a proof must never carry.
func (k *Key) PrivateJWK() map[string]any {
	m := map[string]any{}
	for name, v := range k.JWK {
		m[name] = v
	}
	switch p := k.priv.(type) {
	case *ecdsa.PrivateKey:
		m["d"] = b64(p.D.FillBytes(make([]byte, 32)))
	case *rsa.PrivateKey:
		m["d"] = b64(p.D.Bytes())
	}
	return m
}

// Option changes a proof's header or claims before it is signed.
type Option func(header, claims map[string]any)

// WithAccessToken adds ath for token (RFC 9449 §4.2).
func WithAccessToken(token string) Option {
	return func(_, c map[string]any) { sum := sha256.Sum256([]byte(token)); c["ath"] = b64(sum[:]) }
}

// WithNonce adds the server's nonce.
func WithNonce(nonce string) Option { return func(_, c map[string]any) { c["nonce"] = nonce } }

// WithIssuedAt sets iat.
func WithIssuedAt(t time.Time) Option { return func(_, c map[string]any) { c["iat"] = t.Unix() } }

// WithJTI sets jti, to make a replay.
func WithJTI(jti string) Option { return func(_, c map[string]any) { c["jti"] = jti } }

// Proof returns a well-formed proof for method and url, changed by opts.
func (k *Key) Proof(method, url string, opts ...Option) string {
	now := time.Now
	if k.Now != nil {
		now = k.Now
	}
	jti := make([]byte, 16)
	_, _ = rand.Read(jti)
	header := map[string]any{"typ": "dpop+jwt", "alg": k.Alg, "jwk": k.JWK}
	claims := map[string]any{"jti": b64(jti), "htm": method, "htu": url, "iat": now().Unix()}
	for _, o := range opts {
		o(header, claims)
	}
	return k.Sign(header, claims)
}

// Sign signs any header and claims with the key (alg taken from k, not from header, so
// a test can claim one alg and sign with another).
func (k *Key) Sign(header, claims map[string]any) string {
	method := jwt.GetSigningMethod(k.Alg)
	t := jwt.NewWithClaims(method, jwt.MapClaims(claims))
	t.Header = header
	raw, err := t.SignedString(k.priv)
	if err != nil {
		panic(err)
	}
	return raw
}
