package backend_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/backend"
	"github.com/wasmgear/wasmgear/internal/dpop/dpoptest"
)

const dpopAPI = "http://api.test/orders"

var (
	dpopInvalidToken = wantAnswer{http.StatusUnauthorized, `DPoP error="invalid_token", algs="ES256 RS256"`, "invalid_token"}
	dpopInvalidProof = wantAnswer{http.StatusUnauthorized, `DPoP error="invalid_dpop_proof", algs="ES256 RS256"`, "invalid_dpop_proof"}
)

// dpopRequest is a request to the API with Authorization "scheme token" and the proofs.
func dpopRequest(method, target, scheme, token string, proofs ...string) *http.Request {
	req := httptest.NewRequest(method, target, nil)
	req.Header.Set("Authorization", scheme+" "+token)
	for _, p := range proofs {
		req.Header.Add("DPoP", p)
	}
	return req
}

// TestJWTVerifier_DPoP is the table of DPoP requests at the JWT middleware: a bound token
// is accepted only as DPoP with a valid proof of its key for this request (RFC 9449 §7),
// and every malformed or hostile proof is answered with the DPoP challenge.
func TestJWTVerifier_DPoP(t *testing.T) {
	rsaKey := newRSAKey(t, "rsa-1")
	iss := newTestIssuer(t, rsaKey)
	v := newVerifier(t, iss.srv.URL)
	key := dpoptest.NewES256()
	key.Now = func() time.Time { return testNow }
	bound := sign(t, rsaKey, with(iss.claims(), "cnf", map[string]any{"jkt": key.JKT}))
	unbound := sign(t, rsaKey, iss.claims())
	expired := sign(t, rsaKey, with(with(iss.claims(), "cnf", map[string]any{"jkt": key.JKT}), "exp", testNow.Add(-time.Hour).Unix()))
	mtls := sign(t, rsaKey, with(iss.claims(), "cnf", map[string]any{"x5t#S256": "abc"}))
	ath := dpoptest.WithAccessToken(bound)
	good := func(opts ...dpoptest.Option) string {
		return key.Proof("GET", dpopAPI, append([]dpoptest.Option{ath}, opts...)...)
	}
	replayed := good()
	if rec, _ := serve(v.Middleware, dpopRequest("GET", dpopAPI, "DPoP", bound, replayed)); rec.Code != http.StatusOK {
		t.Fatalf("first use of the replayed proof: %d %s", rec.Code, rec.Body)
	}
	tests := []struct {
		name string
		req  *http.Request
		want wantAnswer
	}{
		{"bound token with its proof", dpopRequest("GET", dpopAPI+"?page=2", "DPoP", bound, good()), accepted},
		{"scheme in lower case", dpopRequest("GET", dpopAPI, "dpop", bound, good()), accepted},
		{"unbound token as Bearer", dpopRequest("GET", dpopAPI, "Bearer", unbound), accepted},
		{"bound token as Bearer", dpopRequest("GET", dpopAPI, "Bearer", bound, good()), dpopInvalidToken},
		{"unbound token as DPoP", dpopRequest("GET", dpopAPI, "DPoP", unbound, key.Proof("GET", dpopAPI, dpoptest.WithAccessToken(unbound))), dpopInvalidToken},
		{"expired bound token", dpopRequest("GET", dpopAPI, "DPoP", expired, key.Proof("GET", dpopAPI, dpoptest.WithAccessToken(expired))), dpopInvalidToken},
		{"DPoP scheme, no token", dpopRequest("GET", dpopAPI, "DPoP", ""), dpopInvalidToken},
		{"cnf of another method", dpopRequest("GET", dpopAPI, "Bearer", mtls), invalidToken},
		{"no proof", dpopRequest("GET", dpopAPI, "DPoP", bound), dpopInvalidProof},
		{"two proofs", dpopRequest("GET", dpopAPI, "DPoP", bound, good(), good()), dpopInvalidProof},
		{"wrong typ", dpopRequest("GET", dpopAPI, "DPoP", bound, good(func(h, _ map[string]any) { h["typ"] = "jwt" })), dpopInvalidProof},
		{"alg none", dpopRequest("GET", dpopAPI, "DPoP", bound, noneProof(key, bound)), dpopInvalidProof},
		{"HS256", dpopRequest("GET", dpopAPI, "DPoP", bound, hmacProof(key, bound)), dpopInvalidProof},
		{"private key in jwk", dpopRequest("GET", dpopAPI, "DPoP", bound, good(func(h, _ map[string]any) { h["jwk"] = key.PrivateJWK() })), dpopInvalidProof},
		{"missing jwk", dpopRequest("GET", dpopAPI, "DPoP", bound, good(func(h, _ map[string]any) { delete(h, "jwk") })), dpopInvalidProof},
		{"bad signature", dpopRequest("GET", dpopAPI, "DPoP", bound, flipSignature(good())), dpopInvalidProof},
		{"future iat", dpopRequest("GET", dpopAPI, "DPoP", bound, good(dpoptest.WithIssuedAt(testNow.Add(5*time.Minute)))), dpopInvalidProof},
		{"old iat", dpopRequest("GET", dpopAPI, "DPoP", bound, good(dpoptest.WithIssuedAt(testNow.Add(-10*time.Minute)))), dpopInvalidProof},
		{"reused jti", dpopRequest("GET", dpopAPI, "DPoP", bound, replayed), dpopInvalidProof},
		{"wrong ath", dpopRequest("GET", dpopAPI, "DPoP", bound, key.Proof("GET", dpopAPI, dpoptest.WithAccessToken(unbound))), dpopInvalidProof},
		{"wrong htm", dpopRequest("GET", dpopAPI, "DPoP", bound, key.Proof("POST", dpopAPI, ath)), dpopInvalidProof},
		{"wrong htu", dpopRequest("GET", dpopAPI, "DPoP", bound, key.Proof("GET", "http://api.test/admin", ath)), dpopInvalidProof},
		{"wrong htu host", dpopRequest("GET", dpopAPI, "DPoP", bound, key.Proof("GET", "http://evil.test/orders", ath)), dpopInvalidProof},
		{"thumbprint mismatch", dpopRequest("GET", dpopAPI, "DPoP", bound, dpoptest.NewES256().Proof("GET", dpopAPI, ath, dpoptest.WithIssuedAt(testNow))), dpopInvalidProof},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, seen := serve(v.Middleware, tc.req)
			checkAnswer(t, rec, seen, tc.want, bound)
			if tc.want == accepted && strings.EqualFold(tc.req.Header.Get("Authorization")[:4], "DPoP") && seen.DPoPJKT != key.JKT {
				t.Fatalf("User.DPoPJKT = %q, want %q", seen.DPoPJKT, key.JKT)
			}
		})
	}
	if _, err := v.Verify(context.Background(), bound); !errors.Is(err, backend.ErrInvalidToken) || !errors.Is(err, backend.ErrDPoPBound) {
		t.Fatalf("Verify of a bound token: %v, want ErrInvalidToken and ErrDPoPBound", err)
	}
}

// Behind a proxy the proof names the public URL: WithPublicURL makes it the base, and
// the request's own Host no longer counts.
func TestJWTVerifier_DPoPPublicURL(t *testing.T) {
	rsaKey := newRSAKey(t, "rsa-1")
	iss := newTestIssuer(t, rsaKey)
	v := newVerifier(t, iss.srv.URL, backend.WithPublicURL("https://example.com/api"))
	key := dpoptest.NewES256()
	key.Now = func() time.Time { return testNow }
	bound := sign(t, rsaKey, with(iss.claims(), "cnf", map[string]any{"jkt": key.JKT}))
	ath := dpoptest.WithAccessToken(bound)
	internal := "http://10.0.0.7:8080/orders"
	rec, seen := serve(v.Middleware, dpopRequest("GET", internal, "DPoP", bound, key.Proof("GET", "https://example.com/api/orders", ath)))
	checkAnswer(t, rec, seen, accepted, bound)
	rec, seen = serve(v.Middleware, dpopRequest("GET", internal, "DPoP", bound, key.Proof("GET", internal, ath)))
	checkAnswer(t, rec, seen, dpopInvalidProof, bound)
	if _, err := backend.NewJWTVerifier(context.Background(), iss.srv.URL, backend.WithPublicURL("https://example.com/")); err == nil {
		t.Fatal("a public URL with a trailing slash was accepted")
	}
}

func noneProof(k *dpoptest.Key, token string) string {
	enc := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
	return enc(map[string]any{"typ": "dpop+jwt", "alg": "none", "jwk": k.JWK}) + "." +
		enc(proofClaims(token)) + "."
}

func hmacProof(k *dpoptest.Key, token string) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(proofClaims(token)))
	tok.Header = map[string]any{"typ": "dpop+jwt", "alg": "HS256", "jwk": k.JWK}
	raw, _ := tok.SignedString([]byte(k.JWK["x"].(string)))
	return raw
}

func proofClaims(token string) map[string]any {
	c := map[string]any{"jti": "hostile", "htm": "GET", "htu": dpopAPI, "iat": testNow.Unix()}
	dpoptest.WithAccessToken(token)(nil, c)
	return c
}

func flipSignature(proof string) string {
	parts := strings.Split(proof, ".")
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sig[0] ^= 0xff
	return parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(sig)
}
