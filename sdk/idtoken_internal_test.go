package sdk

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"
)

func segment(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }

func TestParseJWS_RefusesAlgsAndHeaders(t *testing.T) {
	t.Parallel()
	payload, sig := segment(`{"sub":"u"}`), segment("sig")
	tests := []struct {
		name, header string
		wantErr      bool
	}{
		{"RS256", `{"alg":"RS256","kid":"k"}`, false},
		{"PS256", `{"alg":"PS256"}`, false},
		{"ES256", `{"alg":"ES256"}`, false},
		{"none", `{"alg":"none"}`, true},
		{"HS256 (a secret a browser cannot keep)", `{"alg":"HS256"}`, true},
		{"lower case", `{"alg":"rs256"}`, true},
		{"unknown", `{"alg":"RS512"}`, true},
		{"no alg", `{"kid":"k"}`, true},
		{"crit", `{"alg":"RS256","crit":["exp"]}`, true},
		{"header not JSON", `nope`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseJWS(segment(tt.header) + "." + payload + "." + sig)
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, ErrInvalidIDToken)) {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
	if _, err := parseJWS(segment(`{"alg":"RS256"}`) + "." + payload + "."); err == nil {
		t.Error("an empty signature was accepted")
	}
}

func TestCheckIDTokenClaims(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	at := func(d time.Duration) float64 { return float64(now.Add(d).Unix()) }
	valid := func() map[string]any {
		return map[string]any{"iss": "https://idp", "aud": "client", "sub": "u1", "nonce": "n1",
			"exp": at(time.Hour), "iat": at(0)}
	}
	login := idTokenWant{authorized: true, nonce: "n1"}
	tests := []struct {
		name    string
		edit    func(c map[string]any)
		want    idTokenWant
		wantErr bool
	}{
		{"valid", func(map[string]any) {}, login, false},
		{"aud array", func(c map[string]any) { c["aud"] = []any{"x", "client"} }, login, false},
		{"azp is us", func(c map[string]any) { c["azp"] = "client" }, login, false},
		{"azp of another client", func(c map[string]any) { c["azp"] = "other" }, login, true},
		{"azp not a string", func(c map[string]any) { c["azp"] = 1.0 }, login, true},
		{"wrong iss", func(c map[string]any) { c["iss"] = "https://evil" }, login, true},
		{"wrong aud", func(c map[string]any) { c["aud"] = []any{"x"} }, login, true},
		{"no sub", func(c map[string]any) { delete(c, "sub") }, login, true},
		{"expired within the leeway", func(c map[string]any) { c["exp"] = at(-idTokenLeeway + time.Second) }, login, false},
		{"expired past the leeway", func(c map[string]any) { c["exp"] = at(-idTokenLeeway - time.Second) }, login, true},
		{"no exp", func(c map[string]any) { delete(c, "exp") }, login, true},
		{"exp a string", func(c map[string]any) { c["exp"] = "9999999999" }, login, true},
		{"iat ahead within the leeway", func(c map[string]any) { c["iat"] = at(idTokenLeeway - time.Second) }, login, false},
		{"iat ahead past the leeway", func(c map[string]any) { c["iat"] = at(idTokenLeeway + time.Second) }, login, true},
		{"no iat", func(c map[string]any) { delete(c, "iat") }, login, true},
		{"huge exp", func(c map[string]any) { c["exp"] = 1e300 }, login, false},
		{"wrong nonce", func(c map[string]any) { c["nonce"] = "n2" }, login, true},
		{"no nonce at login", func(c map[string]any) { delete(c, "nonce") }, login, true},
		{"no nonce sent at login", func(map[string]any) {}, idTokenWant{authorized: true}, true},
		{"refresh without nonce", func(c map[string]any) { delete(c, "nonce") }, idTokenWant{sub: "u1"}, false},
		{"refresh for another user", func(c map[string]any) { c["sub"] = "u2" }, idTokenWant{sub: "u1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(c)
			err := checkIDTokenClaims(c, "https://idp", "client", tt.want, now)
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, ErrInvalidIDToken)) {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
		})
	}
}

func TestJWKSet_Find(t *testing.T) {
	t.Parallel()
	rsa := JWK{Kty: "RSA", Kid: "r", N: "n", E: "AQAB"}
	set := &jwkSet{keys: []JWK{rsa, {Kty: "EC", Kid: "e", Crv: "P-256", X: "x", Y: "y"},
		{Kty: "RSA", Kid: "enc", Use: "enc", N: "n", E: "AQAB"}, {Kty: "RSA", Kid: "ps", Alg: "PS256", N: "n", E: "AQAB"}}}
	for _, tt := range []struct {
		kid, alg, want string
	}{{"r", "RS256", "r"}, {"r", "PS256", "r"}, {"e", "ES256", "e"}, {"e", "RS256", ""}, {"r", "ES256", ""},
		{"enc", "RS256", ""}, {"ps", "RS256", ""}, {"ps", "PS256", "ps"}, {"", "ES256", "e"}, {"", "RS256", "r"}, {"", "PS256", ""}, {"x", "RS256", ""}} {
		got := ""
		if k := set.find(tt.kid, tt.alg); k != nil {
			got = k.Kid
		}
		if got != tt.want {
			t.Errorf("find(%q, %s) = %q, want %q", tt.kid, tt.alg, got, tt.want)
		}
	}
}
