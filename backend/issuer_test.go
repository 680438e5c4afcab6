package backend_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testNow is the fixed time every JWT test runs at (through WithClock).
var testNow = time.Unix(1_750_000_000, 0)

// signingKey is one key of the test issuer: a kid, an algorithm and a
// private key.
type signingKey struct {
	kid    string
	method jwt.SigningMethod
	priv   crypto.Signer
}

// testIssuer is a minimal OpenID provider: a discovery document and a JWK
// Set (RFC 7517) whose keys can be rotated, counting JWK Set requests.
type testIssuer struct {
	srv      *httptest.Server
	jwksHits atomic.Int32
	outage   atomic.Int32 // a jwksOutage; 0 serves the keys

	mu    sync.Mutex // guards keys and extra
	keys  []signingKey
	extra []json.RawMessage // raw JWKs served before the keys
}

// jwksOutage is how the test issuer's JWK Set endpoint fails.
const (
	outageNone      int32 = iota
	outageStatus          // 503
	outageHang            // no answer until the client gives up
	outageNotJSON         // 200 with an HTML page
	outageEmptySet        // 200 with {"keys":[]}
	outageAllBroken       // 200 with only unparseable keys
)

func newRSAKey(t testing.TB, kid string) signingKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return signingKey{kid: kid, method: jwt.SigningMethodRS256, priv: k}
}

func newECKey(t testing.TB, kid string) signingKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return signingKey{kid: kid, method: jwt.SigningMethodES256, priv: k}
}

// newTestIssuer starts an issuer publishing keys; it stops with the test.
func newTestIssuer(t testing.TB, keys ...signingKey) *testIssuer {
	t.Helper()
	iss := &testIssuer{keys: keys}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeTestJSON(w, map[string]string{"issuer": iss.srv.URL, "jwks_uri": iss.srv.URL + "/oauth2/jwks"})
	})
	mux.HandleFunc("GET /oauth2/jwks", func(w http.ResponseWriter, r *http.Request) {
		iss.jwksHits.Add(1)
		switch iss.outage.Load() {
		case outageStatus:
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		case outageHang:
			<-r.Context().Done()
			return
		case outageNotJSON:
			_, _ = w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
			return
		case outageEmptySet:
			writeTestJSON(w, map[string]any{"keys": []any{}})
			return
		case outageAllBroken:
			writeTestJSON(w, map[string]any{"keys": []any{42, map[string]string{"kty": "RSA", "kid": "x", "n": "!", "e": "AQAB"}}})
			return
		}
		iss.mu.Lock()
		defer iss.mu.Unlock()
		jwks := make([]any, 0, len(iss.extra)+len(iss.keys))
		for _, raw := range iss.extra {
			jwks = append(jwks, raw)
		}
		for _, k := range iss.keys {
			jwks = append(jwks, publicJWK(t, k))
		}
		writeTestJSON(w, map[string]any{"keys": jwks})
	})
	iss.srv = httptest.NewServer(mux)
	t.Cleanup(iss.srv.Close)
	return iss
}

// publish replaces the published key set (a key rotation).
func (iss *testIssuer) publish(keys ...signingKey) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	iss.keys = keys
}

// publishRaw serves raw JWKs (such as unparseable ones) ahead of the keys.
func (iss *testIssuer) publishRaw(raw ...string) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	iss.extra = iss.extra[:0]
	for _, r := range raw {
		iss.extra = append(iss.extra, json.RawMessage(r))
	}
}

// claims returns a valid Authgear-style claim set for this issuer at testNow.
func (iss *testIssuer) claims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":       iss.srv.URL,
		"aud":       []string{iss.srv.URL},
		"sub":       "user-1",
		"iat":       testNow.Add(-time.Minute).Unix(),
		"exp":       testNow.Add(time.Hour).Unix(),
		"auth_time": testNow.Add(-2 * time.Minute).Unix(),
		"amr":       []string{"pwd", "otp"},
		"https://authgear.com/claims/user/is_anonymous":       false,
		"https://authgear.com/claims/user/is_verified":        true,
		"https://authgear.com/claims/user/can_reauthenticate": true,
		"https://authgear.com/claims/user/roles":              []string{"admin", "editor"},
	}
}

// sign makes a compact JWS with k, naming k.kid in the header.
func sign(t testing.TB, k signingKey, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(k.method, claims)
	tok.Header["kid"] = k.kid
	s, err := tok.SignedString(k.priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// publicJWK renders k's public half as a JWK (RFC 7518 §6.2, §6.3).
func publicJWK(t testing.TB, k signingKey) map[string]string {
	b64 := base64.RawURLEncoding.EncodeToString
	switch pub := k.priv.Public().(type) {
	case *rsa.PublicKey:
		return map[string]string{
			"kty": "RSA", "kid": k.kid, "alg": "RS256", "use": "sig",
			"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
		}
	case *ecdsa.PublicKey:
		raw, err := pub.Bytes() // 0x04 || X || Y, 32 bytes each for P-256
		if err != nil {
			t.Error(err)
			return nil
		}
		return map[string]string{
			"kty": "EC", "kid": k.kid, "alg": "ES256", "use": "sig", "crv": "P-256",
			"x": b64(raw[1:33]), "y": b64(raw[33:65]),
		}
	}
	t.Errorf("unsupported key type %T", k.priv)
	return nil
}

func writeTestJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
