package sdk_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// goKey is sdk.DPoPKey over Go's ecdsa: the native tests' stand-in for a WebCrypto key.
type goKey struct{ priv *ecdsa.PrivateKey }

func (k goKey) PublicKey() (x, y []byte) {
	return k.priv.X.FillBytes(make([]byte, 32)), k.priv.Y.FillBytes(make([]byte, 32))
}

func (k goKey) Sign(_ context.Context, data []byte) ([]byte, error) {
	sum := sha256.Sum256(data)
	r, s, err := ecdsa.Sign(rand.Reader, k.priv, sum[:])
	if err != nil {
		return nil, err
	}
	return append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...), nil
}

// goKeys is sdk.DPoPKeys in memory, shared by the containers ("tabs") of one test, as
// IndexedDB is by the tabs of an origin. It counts what the core asks of it.
type goKeys struct {
	mu        sync.Mutex // guards the fields
	saved     map[string]goKey
	generated int
	deleted   []string
}

func newGoKeys() *goKeys { return &goKeys{saved: map[string]goKey{}} }

func (g *goKeys) Generate(context.Context) (sdk.DPoPKey, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.generated++
	g.mu.Unlock()
	return goKey{priv}, nil
}

func (g *goKeys) Load(_ context.Context, name string) (sdk.DPoPKey, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if k, ok := g.saved[name]; ok {
		return k, nil
	}
	return nil, nil
}

func (g *goKeys) Save(_ context.Context, name string, key sdk.DPoPKey) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.saved[name] = key.(goKey)
	return nil
}

func (g *goKeys) Delete(_ context.Context, name string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.saved, name)
	g.deleted = append(g.deleted, name)
	return nil
}

// stored returns the key saved under the default container's name, if any.
func (g *goKeys) stored() (goKey, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	k, ok := g.saved[keyPrefix+"dpopKey"]
	return k, ok
}

// proof is one DPoP proof as a verifier sees it, after its signature checked out.
type proof struct {
	header map[string]any
	claims map[string]any
	jkt    string // RFC 7638 thumbprint of the embedded key
}

func (p proof) claim(name string) string { s, _ := p.claims[name].(string); return s }

var errBadProof = errors.New("bad DPoP proof")

// parseProof checks a proof as RFC 9449 §4.3 asks a server to (typ, alg, a public JWK,
// the signature by that key) and returns its contents.
func parseProof(raw string) (proof, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return proof{}, errBadProof
	}
	var p proof
	if err := decodeSegment(parts[0], &p.header); err != nil {
		return proof{}, err
	}
	if err := decodeSegment(parts[1], &p.claims); err != nil {
		return proof{}, err
	}
	jwk, _ := p.header["jwk"].(map[string]any)
	if p.header["typ"] != "dpop+jwt" || p.header["alg"] != "ES256" || jwk == nil || jwk["d"] != nil ||
		jwk["kty"] != "EC" || jwk["crv"] != "P-256" {
		return proof{}, errBadProof
	}
	x, err1 := base64.RawURLEncoding.DecodeString(jwk["x"].(string))
	y, err2 := base64.RawURLEncoding.DecodeString(jwk["y"].(string))
	sig, err3 := base64.RawURLEncoding.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || len(sig) != 64 {
		return proof{}, errBadProof
	}
	pub := &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).SetBytes(x), Y: new(big.Int).SetBytes(y)}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return proof{}, errBadProof
	}
	p.jkt = thumbprint(x, y)
	return p, nil
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

// thumbprint is RFC 7638 §3.1 computed independently of the SDK (encoding/json sorts keys).
func thumbprint(x, y []byte) string {
	b, _ := json.Marshal(map[string]string{"crv": "P-256", "kty": "EC",
		"x": base64.RawURLEncoding.EncodeToString(x), "y": base64.RawURLEncoding.EncodeToString(y)})
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func keyThumbprint(k goKey) string { x, y := k.PublicKey(); return thumbprint(x, y) }

// athOf is RFC 9449 §4.2's ath of an access token.
func athOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// mustProof parses a proof or fails the test.
func mustProof(t *testing.T, raw string) proof {
	t.Helper()
	p, err := parseProof(raw)
	if err != nil {
		t.Fatalf("proof %q: %v", raw, err)
	}
	return p
}
