package backend_test

import (
	"context"
	"errors"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/backend"
)

// signWithHeader signs claims with k after setting the given JOSE header
// parameters (RFC 7515 §4); a nil value removes the parameter.
func signWithHeader(t testing.TB, k signingKey, claims jwt.MapClaims, header map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(k.method, claims)
	tok.Header["kid"] = k.kid
	for name, v := range header {
		if v == nil {
			delete(tok.Header, name)
		} else {
			tok.Header[name] = v
		}
	}
	s, err := tok.SignedString(k.priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJWTVerifier_HeaderChecks: typ must name an access token when it names
// anything specific (RFC 9068 §4), and no critical extension is understood
// (RFC 7515 §4.1.11), so any crit is refused, before any key lookup.
func TestJWTVerifier_HeaderChecks(t *testing.T) {
	key := newRSAKey(t, "rsa-1")
	iss := newTestIssuer(t, key)
	v := newVerifier(t, iss.srv.URL)
	tests := []struct {
		name   string
		header map[string]any
		ok     bool
	}{
		{"typ at+jwt", map[string]any{"typ": "at+jwt"}, true},
		{"typ application/at+jwt", map[string]any{"typ": "application/at+jwt"}, true},
		{"typ AT+JWT (media types are case-insensitive)", map[string]any{"typ": "AT+JWT"}, true},
		{"typ JWT (Authgear's and devidp's)", map[string]any{"typ": "JWT"}, true},
		{"no typ", map[string]any{"typ": nil}, true},
		{"typ of an ID token profile", map[string]any{"typ": "id_token+jwt"}, false},
		{"typ of a logout token", map[string]any{"typ": "logout+jwt"}, false},
		{"typ of a DPoP proof", map[string]any{"typ": "dpop+jwt"}, false},
		{"typ application/jwt+other", map[string]any{"typ": "application/secevent+jwt"}, false},
		{"typ not a string", map[string]any{"typ": 42}, false},
		{"typ empty", map[string]any{"typ": ""}, false},
		{"crit with an unknown extension", map[string]any{"crit": []string{"exp"}, "exp": 1}, false},
		{"crit b64", map[string]any{"crit": []string{"b64"}, "b64": true}, false},
		{"crit empty list", map[string]any{"crit": []string{}}, false},
		{"crit not a list", map[string]any{"crit": "exp"}, false},
		{"kid not a string", map[string]any{"kid": 7}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := signWithHeader(t, key, iss.claims(), tt.header)
			u, err := v.Verify(context.Background(), token)
			if tt.ok {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if u != nil || !errors.Is(err, backend.ErrInvalidToken) {
				t.Fatalf("Verify = %v, %v; want ErrInvalidToken", u, err)
			}
			rec, seen := serve(v.Middleware, bearerRequest("Bearer "+token))
			checkAnswer(t, rec, seen, invalidToken, token)
		})
	}
	t.Run("refused headers cost no JWK Set fetch", func(t *testing.T) {
		hits := iss.jwksHits.Load()
		stranger := newRSAKey(t, "stranger")
		for _, h := range []map[string]any{{"typ": "logout+jwt"}, {"crit": []string{"exp"}}} {
			if _, err := v.Verify(context.Background(), signWithHeader(t, stranger, iss.claims(), h)); err == nil {
				t.Fatal("accepted")
			}
		}
		if n := iss.jwksHits.Load() - hits; n != 0 {
			t.Errorf("%d JWK Set fetches for tokens refused by their header", n)
		}
	})
}
