package devidp

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"

	"github.com/golang-jwt/jwt/v5"
)

// IDTokenAlgs are the algorithms devidp signs ID tokens with (Config.IDTokenAlg,
// SetIDTokenAlg): the ones OIDC Core §15.1 and FAPI name for asymmetric signatures.
// Access tokens stay RS256, the algorithm backend/ and Authgear use.
var IDTokenAlgs = []string{"RS256", "PS256", "ES256"}

// algKey is the key of one ID-token algorithm other than RS256, made when first chosen.
type algKey struct {
	kid    string
	priv   crypto.Signer
	method jwt.SigningMethod
	public jwk
}

// idKeys holds the ID-token algorithm in use and its extra keys; RS256 signs with the
// current key of the keySet, as access tokens do.
type idKeys struct {
	mu  sync.Mutex // guards alg and byAlg
	alg string
	// byAlg are the PS256 and ES256 keys made so far; they stay in the JWKS once made,
	// so tokens signed before a switch still verify.
	byAlg map[string]*algKey
}

// newAlgKey makes the key for alg: RSA-2048 for PS256, P-256 for ES256.
func newAlgKey(alg string) (*algKey, error) {
	switch alg {
	case "PS256":
		priv, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		k := &algKey{kid: "ps256-" + thumbprint(&priv.PublicKey), priv: priv, method: jwt.SigningMethodPS256}
		k.public = rsaJWK(&priv.PublicKey, k.kid, alg)
		return k, nil
	case "ES256":
		priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		pub, err := priv.PublicKey.Bytes() // 0x04 || X || Y (SEC 1 §2.3.3)
		if err != nil {
			return nil, err
		}
		x, y := b64(pub[1:33]), b64(pub[33:])
		sum := sha256.Sum256([]byte(`{"crv":"P-256","kty":"EC","x":"` + x + `","y":"` + y + `"}`)) // RFC 7638 §3.2
		k := &algKey{kid: b64(sum[:]), priv: priv, method: jwt.SigningMethodES256}
		k.public = jwk{Kty: "EC", Kid: k.kid, Use: "sig", Alg: alg, Crv: "P-256", X: x, Y: y}
		return k, nil
	}
	return nil, fmt.Errorf("%w: ID token algorithm %q is not one of %v", ErrInvalidConfig, alg, IDTokenAlgs)
}

// SetIDTokenAlg switches the algorithm of the ID tokens issued from now on (RS256,
// PS256 or ES256), making and publishing its key the first time.
func (s *Server) SetIDTokenAlg(alg string) error {
	s.idKeys.mu.Lock()
	defer s.idKeys.mu.Unlock()
	if alg != "RS256" && s.idKeys.byAlg[alg] == nil {
		k, err := newAlgKey(alg)
		if err != nil {
			return err
		}
		if s.idKeys.byAlg == nil {
			s.idKeys.byAlg = map[string]*algKey{}
		}
		s.idKeys.byAlg[alg] = k
	}
	s.idKeys.alg = alg
	return nil
}

// IDTokenAlg is the algorithm ID tokens are signed with now.
func (s *Server) IDTokenAlg() string {
	s.idKeys.mu.Lock()
	defer s.idKeys.mu.Unlock()
	if s.idKeys.alg == "" {
		return "RS256"
	}
	return s.idKeys.alg
}

// signIDToken signs ID token claims with the chosen algorithm and its key's kid.
func (s *Server) signIDToken(claims jwt.Claims) (string, error) {
	s.idKeys.mu.Lock()
	k := s.idKeys.byAlg[s.idKeys.alg]
	s.idKeys.mu.Unlock()
	if k == nil {
		return s.keys.sign(claims)
	}
	t := jwt.NewWithClaims(k.method, claims)
	t.Header["kid"] = k.kid
	return t.SignedString(k.priv)
}

// extraJWKs are the public keys of the extra algorithms, for the JWKS.
func (s *Server) extraJWKs() []jwk {
	s.idKeys.mu.Lock()
	defer s.idKeys.mu.Unlock()
	var out []jwk
	for _, alg := range IDTokenAlgs {
		if k := s.idKeys.byAlg[alg]; k != nil {
			out = append(out, k.public)
		}
	}
	return out
}

// idTokenKey finds the public key of an ID token devidp signed (an id_token_hint).
func (s *Server) idTokenKey(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	s.idKeys.mu.Lock()
	for _, k := range s.idKeys.byAlg {
		if k.kid == kid && k.method.Alg() == t.Method.Alg() {
			s.idKeys.mu.Unlock()
			return k.priv.Public(), nil
		}
	}
	s.idKeys.mu.Unlock()
	if t.Method.Alg() != "RS256" {
		return nil, errors.Join(errUnknownKey, errors.New(t.Method.Alg()))
	}
	return s.keys.keyfunc(t)
}
