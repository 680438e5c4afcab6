package backend_test

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/backend"
)

func newVerifier(t testing.TB, endpoint string, opts ...backend.JWTOption) *backend.JWTVerifier {
	t.Helper()
	opts = append([]backend.JWTOption{backend.WithClock(func() time.Time { return testNow })}, opts...)
	v, err := backend.NewJWTVerifier(context.Background(), endpoint, opts...)
	if err != nil {
		t.Fatalf("NewJWTVerifier: %v", err)
	}
	t.Cleanup(v.Close)
	return v
}

func bearerRequest(header string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, "/api", nil)
	if header != "" {
		req.Header.Set("Authorization", header)
	}
	return req
}

// with returns c with key set to val, or deleted when val is nil.
func with(c jwt.MapClaims, key string, val any) jwt.MapClaims {
	if val == nil {
		delete(c, key)
	} else {
		c[key] = val
	}
	return c
}

func TestJWTVerifier_Middleware(t *testing.T) {
	rsaKey, ecKey := newRSAKey(t, "rsa-1"), newECKey(t, "ec-1")
	iss := newTestIssuer(t, rsaKey, ecKey)
	v := newVerifier(t, iss.srv.URL)
	at := func(d time.Duration) int64 { return testNow.Add(d).Unix() }

	valid := sign(t, rsaKey, iss.claims())
	parts := strings.Split(valid, ".")
	evil, _ := json.Marshal(with(iss.claims(), "sub", "admin"))
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(evil) + "." + parts[2]

	none := jwt.NewWithClaims(jwt.SigningMethodNone, iss.claims())
	none.Header["kid"] = "rsa-1"
	noneToken, err := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}

	der, err := x509.MarshalPKIXPublicKey(rsaKey.priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, iss.claims())
	hs.Header["kid"] = "rsa-1"
	hsToken, err := hs.SignedString(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if err != nil {
		t.Fatal(err)
	}

	forger := newRSAKey(t, "rsa-1") // same kid, key not published
	ecAsRSA := newECKey(t, "rsa-1")

	tests := []struct {
		name   string
		header string
		want   wantAnswer
	}{
		{"valid RS256", "Bearer " + valid, accepted},
		{"valid ES256", "Bearer " + sign(t, ecKey, iss.claims()), accepted},
		{"scheme is case-insensitive", "bEaReR " + valid, accepted},
		{"iat in the future within leeway", "Bearer " + sign(t, rsaKey, with(iss.claims(), "iat", at(10*time.Second))), accepted},
		{"expired within leeway", "Bearer " + sign(t, rsaKey, with(iss.claims(), "exp", at(-10*time.Second))), accepted},
		{"expired", "Bearer " + sign(t, rsaKey, with(iss.claims(), "exp", at(-time.Minute))), invalidToken},
		{"not yet valid (nbf)", "Bearer " + sign(t, rsaKey, with(iss.claims(), "nbf", at(5*time.Minute))), invalidToken},
		{"iat in the future beyond leeway", "Bearer " + sign(t, rsaKey, with(iss.claims(), "iat", at(2*time.Minute))), invalidToken},
		{"wrong iss", "Bearer " + sign(t, rsaKey, with(iss.claims(), "iss", "https://evil.example")), invalidToken},
		{"wrong aud", "Bearer " + sign(t, rsaKey, with(iss.claims(), "aud", "https://other.example")), invalidToken},
		{"no aud", "Bearer " + sign(t, rsaKey, with(iss.claims(), "aud", nil)), invalidToken},
		{"no exp", "Bearer " + sign(t, rsaKey, with(iss.claims(), "exp", nil)), invalidToken},
		{"no sub", "Bearer " + sign(t, rsaKey, with(iss.claims(), "sub", nil)), invalidToken},
		{"alg none", "Bearer " + noneToken, invalidToken},
		{"HS256 keyed with the RSA public key", "Bearer " + hsToken, invalidToken},
		{"signed by an unpublished key with a known kid", "Bearer " + sign(t, forger, iss.claims()), invalidToken},
		{"ES256 under the RSA key's kid", "Bearer " + sign(t, ecAsRSA, iss.claims()), invalidToken},
		{"unknown kid", "Bearer " + sign(t, newRSAKey(t, "nobody"), iss.claims()), invalidToken},
		{"tampered payload", "Bearer " + tampered, invalidToken},
		{"oversized, validly signed", "Bearer " + sign(t, rsaKey, with(iss.claims(), "pad", strings.Repeat("x", 9000))), invalidToken},
		{"garbage", "Bearer garbage", invalidToken},
		{"garbage in three segments", "Bearer a.b.c", invalidToken},
		{"empty bearer token", "Bearer ", invalidToken},
		{"missing header", "", noCredential},
		{"Basic scheme", "Basic dXNlcjpwYXNz", noCredential},
		{"token without scheme", valid, noCredential},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, seen := serve(v.Middleware, bearerRequest(tt.header))
			checkAnswer(t, rec, seen, tt.want, tt.header)
			if tt.want.status == http.StatusOK && seen.Sub != "user-1" {
				t.Errorf("Sub = %q, want user-1", seen.Sub)
			}
		})
	}
}

func TestJWTVerifier_Verify_Claims(t *testing.T) {
	key := newRSAKey(t, "rsa-1")
	iss := newTestIssuer(t, key)
	v := newVerifier(t, iss.srv.URL)

	u, err := v.Verify(context.Background(), sign(t, key, iss.claims()))
	if err != nil {
		t.Fatal(err)
	}
	if u.Sub != "user-1" || u.IsAnonymous || !u.IsVerified || !u.CanReauthenticate {
		t.Errorf("user = %+v", u)
	}
	if !slices.Equal(u.Roles, []string{"admin", "editor"}) || !slices.Equal(u.AMR, []string{"pwd", "otp"}) {
		t.Errorf("roles %q, amr %q", u.Roles, u.AMR)
	}
	if want := testNow.Add(-2 * time.Minute); !u.AuthenticatedAt.Equal(want) {
		t.Errorf("AuthenticatedAt = %v, want %v", u.AuthenticatedAt, want)
	}
	if u.Claims["iss"] != iss.srv.URL {
		t.Errorf("Claims[iss] = %v", u.Claims["iss"])
	}
}

func TestJWTVerifier_Verify_Errors(t *testing.T) {
	key := newRSAKey(t, "rsa-1")
	iss := newTestIssuer(t, key)
	v := newVerifier(t, iss.srv.URL)
	expired := sign(t, key, with(iss.claims(), "exp", testNow.Add(-time.Hour).Unix()))

	tests := []struct {
		name  string
		token string
		is    []error
	}{
		{"empty", "", []error{backend.ErrNoCredential}},
		{"expired", expired, []error{backend.ErrInvalidToken, jwt.ErrTokenExpired}},
		{"oversized", strings.Repeat("a", backend.MaxTokenSize+1), []error{backend.ErrInvalidToken}},
		{"malformed", "x.y", []error{backend.ErrInvalidToken, jwt.ErrTokenMalformed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := v.Verify(context.Background(), tt.token)
			if u != nil {
				t.Fatalf("FALSE ACCEPT: %+v", u)
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("err = %v, want errors.Is %v", err, target)
				}
			}
		})
	}
}

// TestJWTVerifier_KeyRotation: a token signed with a key published after
// the verifier started makes it refetch the JWK Set and accept; a retired
// key is then refused after one more fetch at most, and its replays cost no
// fetch and no wait.
func TestJWTVerifier_KeyRotation(t *testing.T) {
	oldKey, newKey := newRSAKey(t, "2025-old"), newECKey(t, "2025-new")
	iss := newTestIssuer(t, oldKey)
	v := newVerifier(t, iss.srv.URL)
	ctx := context.Background()
	if _, err := v.Verify(ctx, sign(t, oldKey, iss.claims())); err != nil {
		t.Fatalf("old key before rotation: %v", err)
	}
	if got := iss.jwksHits.Load(); got != 1 {
		t.Fatalf("JWK Set fetched %d times at start, want 1", got)
	}

	iss.publish(newKey)
	start := time.Now()
	if _, err := v.Verify(ctx, sign(t, newKey, iss.claims())); err != nil {
		t.Fatalf("new key after rotation: %v", err)
	}
	if d := time.Since(start); d > backend.DefaultUnknownKIDRefreshEvery+5*time.Second {
		t.Errorf("the rotated key took %v to be accepted", d)
	}
	if got := iss.jwksHits.Load(); got != 2 {
		t.Fatalf("JWK Set fetched %d times after rotation, want 2", got)
	}

	retired := sign(t, oldKey, iss.claims())
	for i := range 20 {
		if u, err := v.Verify(ctx, retired); !errors.Is(err, backend.ErrInvalidToken) {
			t.Fatalf("retired key, try %d: user %v, err %v; want ErrInvalidToken", i, u, err)
		}
	}
	if got := iss.jwksHits.Load(); got > 3 {
		t.Errorf("20 tokens of a retired key: JWK Set fetched %d times in all, want at most 3", got)
	}
}

func TestJWTVerifier_BackgroundRefresh(t *testing.T) {
	iss := newTestIssuer(t, newRSAKey(t, "k"))
	v := newVerifier(t, iss.srv.URL, backend.WithRefreshInterval(10*time.Millisecond))
	deadline := time.After(5 * time.Second)
	poll := time.NewTicker(5 * time.Millisecond)
	defer poll.Stop()
	for iss.jwksHits.Load() < 3 {
		select {
		case <-deadline:
			t.Fatalf("background refresh: %d fetches in 5 s", iss.jwksHits.Load())
		case <-poll.C:
		}
	}
	v.Close()
	v.Close() // idempotent
}
