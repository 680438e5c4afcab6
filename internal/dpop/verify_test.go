package dpop_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/internal/dpop"
	"github.com/wasmgear/wasmgear/internal/dpop/dpoptest"
)

const (
	apiURL = "https://api.example.test/orders"
	token  = "eyJhbGciOiJSUzI1NiJ9.access.token"
)

var (
	es256 = dpoptest.NewES256()
	rs256 = dpoptest.NewRS256(2048)
	now   = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
)

func init() { es256.Now, rs256.Now = func() time.Time { return now }, func() time.Time { return now } }

// unsigned builds a JWS by hand, for headers no signer would make.
func unsigned(header, claims map[string]any, sig string) string {
	enc := func(v any) string { b, _ := json.Marshal(v); return base64.RawURLEncoding.EncodeToString(b) }
	return enc(header) + "." + enc(claims) + "." + sig
}

func baseClaims() map[string]any {
	return map[string]any{"jti": "j-1", "htm": "GET", "htu": apiURL, "iat": now.Unix(), "ath": dpop.AccessTokenHash(token)}
}

func header(k *dpoptest.Key) map[string]any {
	return map[string]any{"typ": "dpop+jwt", "alg": k.Alg, "jwk": k.JWK}
}

func resource() dpop.Request {
	return dpop.Request{Method: "GET", URL: apiURL, AccessToken: token, JKT: es256.JKT}
}

// TestVerify_HostileProofs is the table of malformed and hostile proofs: each must be
// refused with its own reason, and the well-formed ones accepted.
func TestVerify_HostileProofs(t *testing.T) {
	ath := dpoptest.WithAccessToken(token)
	tests := []struct {
		name  string
		proof func() string
		req   func(dpop.Request) dpop.Request
		want  error // nil: accepted
	}{
		{"valid ES256", func() string { return es256.Proof("GET", apiURL, ath) }, nil, nil},
		{"valid RS256", func() string { return rs256.Proof("GET", apiURL, ath) },
			func(r dpop.Request) dpop.Request { r.JKT = rs256.JKT; return r }, nil},
		{"htu with query and fragment, default port, upper-case host", func() string {
			return es256.Proof("GET", "https://API.example.test:443/orders?page=2#x", ath)
		}, func(r dpop.Request) dpop.Request { r.URL = apiURL + "?page=3"; return r }, nil},
		{"wrong typ", func() string {
			return es256.Proof("GET", apiURL, ath, func(h, _ map[string]any) { h["typ"] = "JWT" })
		}, nil, dpop.ErrType},
		{"missing typ", func() string {
			return es256.Proof("GET", apiURL, ath, func(h, _ map[string]any) { delete(h, "typ") })
		}, nil, dpop.ErrType},
		{"alg none", func() string {
			h := header(es256)
			h["alg"] = "none"
			return unsigned(h, baseClaims(), "")
		}, nil, dpop.ErrAlgorithm},
		{"HS256 keyed with the public jwk", func() string {
			h := header(es256)
			h["alg"] = "HS256"
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(baseClaims()))
			tok.Header = h
			raw, _ := tok.SignedString([]byte(es256.JWK["x"].(string)))
			return raw
		}, nil, dpop.ErrAlgorithm},
		{"unknown alg", func() string {
			h := header(es256)
			h["alg"] = "ES999"
			return unsigned(h, baseClaims(), "c2ln")
		}, nil, dpop.ErrAlgorithm},
		{"alg RS256 with an EC jwk", func() string {
			h := header(es256)
			h["alg"] = "RS256"
			return unsigned(h, baseClaims(), "c2ln")
		}, nil, dpop.ErrKey},
		{"private key in jwk", func() string {
			return es256.Proof("GET", apiURL, ath, func(h, _ map[string]any) { h["jwk"] = es256.PrivateJWK() })
		}, nil, dpop.ErrKey},
		{"missing jwk", func() string {
			return es256.Proof("GET", apiURL, ath, func(h, _ map[string]any) { delete(h, "jwk") })
		}, nil, dpop.ErrKey},
		{"jwk a string", func() string {
			return es256.Proof("GET", apiURL, ath, func(h, _ map[string]any) { h["jwk"] = "key" })
		}, nil, dpop.ErrKey},
		{"jwk point off the curve", func() string {
			bad := map[string]any{"kty": "EC", "crv": "P-256", "x": es256.JWK["x"], "y": es256.JWK["x"]}
			return es256.Proof("GET", apiURL, ath, func(h, _ map[string]any) { h["jwk"] = bad })
		}, nil, dpop.ErrKey},
		{"RSA key of 1024 bits", func() string { return dpoptest.NewRS256(1024).Proof("GET", apiURL, ath) },
			nil, dpop.ErrKey},
		{"bad signature (another key signed it)", func() string {
			return dpoptest.NewES256().Sign(header(es256), baseClaims())
		}, nil, dpop.ErrSignature},
		{"payload changed after signing", func() string {
			parts := strings.Split(es256.Proof("GET", apiURL, ath), ".")
			c := baseClaims()
			c["htm"] = "POST"
			b, _ := json.Marshal(c)
			return parts[0] + "." + base64.RawURLEncoding.EncodeToString(b) + "." + parts[2]
		}, func(r dpop.Request) dpop.Request { r.Method = "POST"; return r }, dpop.ErrSignature},
		{"missing jti", func() string {
			return es256.Proof("GET", apiURL, ath, func(_, c map[string]any) { delete(c, "jti") })
		}, nil, dpop.ErrClaims},
		{"missing iat", func() string {
			return es256.Proof("GET", apiURL, ath, func(_, c map[string]any) { delete(c, "iat") })
		}, nil, dpop.ErrClaims},
		{"iat a string", func() string {
			return es256.Proof("GET", apiURL, ath, func(_, c map[string]any) { c["iat"] = "now" })
		}, nil, dpop.ErrMalformed},
		{"future iat", func() string { return es256.Proof("GET", apiURL, ath, dpoptest.WithIssuedAt(now.Add(2*time.Minute))) },
			nil, dpop.ErrIssuedFuture},
		{"old iat", func() string { return es256.Proof("GET", apiURL, ath, dpoptest.WithIssuedAt(now.Add(-6*time.Minute))) },
			nil, dpop.ErrIssuedExpired},
		{"wrong ath", func() string { return es256.Proof("GET", apiURL, dpoptest.WithAccessToken("another")) },
			nil, dpop.ErrAccessToken},
		{"missing ath", func() string { return es256.Proof("GET", apiURL) }, nil, dpop.ErrAccessToken},
		{"wrong htm", func() string { return es256.Proof("POST", apiURL, ath) }, nil, dpop.ErrMethod},
		{"htm lower-case", func() string { return es256.Proof("get", apiURL, ath) }, nil, dpop.ErrMethod},
		{"wrong htu path", func() string { return es256.Proof("GET", "https://api.example.test/admin", ath) },
			nil, dpop.ErrURL},
		{"wrong htu scheme", func() string { return es256.Proof("GET", "http://api.example.test/orders", ath) },
			nil, dpop.ErrURL},
		{"relative htu", func() string { return es256.Proof("GET", "/orders", ath) }, nil, dpop.ErrURL},
		{"thumbprint mismatch", func() string { return rs256.Proof("GET", apiURL, ath) }, nil, dpop.ErrThumbprint},
		{"nonce required, none sent", func() string { return es256.Proof("GET", apiURL, ath) },
			func(r dpop.Request) dpop.Request { r.Nonce = func(n string) bool { return n == "n1" }; return r }, dpop.ErrNonce},
		{"nonce required, stale sent", func() string { return es256.Proof("GET", apiURL, ath, dpoptest.WithNonce("n0")) },
			func(r dpop.Request) dpop.Request { r.Nonce = func(n string) bool { return n == "n1" }; return r }, dpop.ErrNonce},
		{"nonce required, current sent", func() string { return es256.Proof("GET", apiURL, ath, dpoptest.WithNonce("n1")) },
			func(r dpop.Request) dpop.Request { r.Nonce = func(n string) bool { return n == "n1" }; return r }, nil},
		{"not a JWS", func() string { return "not-a-jwt" }, nil, dpop.ErrMalformed},
		{"header not JSON", func() string { return "e30x.e30.c2ln" }, nil, dpop.ErrMalformed},
		{"too long", func() string { return strings.Repeat("a", dpop.MaxProofLength) + ".b.c" }, nil, dpop.ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := dpop.NewVerifier(dpop.Options{Now: func() time.Time { return now }})
			req := resource()
			if tc.req != nil {
				req = tc.req(req)
			}
			p, err := v.Verify(tc.proof(), req)
			if !errors.Is(err, tc.want) || (tc.want == nil && p == nil) {
				t.Fatalf("Verify: %v, want %v", err, tc.want)
			}
			var de *dpop.Error
			if tc.want != nil && (!errors.As(err, &de) || de.Code == "") {
				t.Fatalf("error %v is not a *dpop.Error with a code", err)
			}
		})
	}
}

// TestVerify_ReusedJTI: the same proof twice is a replay; a fresh jti from the same key
// passes; after the window, the expired proof is refused as old, not remembered forever.
func TestVerify_ReusedJTI(t *testing.T) {
	clock := now
	v := dpop.NewVerifier(dpop.Options{Now: func() time.Time { return clock }})
	proof := es256.Proof("GET", apiURL, dpoptest.WithAccessToken(token))
	if _, err := v.Verify(proof, resource()); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(proof, resource()); !errors.Is(err, dpop.ErrReplayed) {
		t.Fatalf("replay: %v, want ErrReplayed", err)
	}
	if _, err := v.Verify(es256.Proof("GET", apiURL, dpoptest.WithAccessToken(token)), resource()); err != nil {
		t.Fatalf("fresh proof: %v", err)
	}
	clock = now.Add(dpop.DefaultWindow + time.Second)
	if _, err := v.Verify(proof, resource()); !errors.Is(err, dpop.ErrIssuedExpired) {
		t.Fatalf("after the window: %v, want ErrIssuedExpired", err)
	}
}

// TestHeader: one DPoP header is read, two are refused (RFC 9449 §4.3 item 1).
func TestHeader(t *testing.T) {
	h := http.Header{}
	if _, present, err := dpop.Header(h); present || err != nil {
		t.Fatalf("none: %v %v", present, err)
	}
	h.Add("DPoP", "a.b.c")
	if raw, present, err := dpop.Header(h); raw != "a.b.c" || !present || err != nil {
		t.Fatalf("one: %q %v %v", raw, present, err)
	}
	h.Add("DPoP", "d.e.f")
	if _, _, err := dpop.Header(h); !errors.Is(err, dpop.ErrMultiple) {
		t.Fatalf("two: %v", err)
	}
}
