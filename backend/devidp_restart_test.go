package backend_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/backend"
	"github.com/wasmgear/wasmgear/devidp"
)

// restart stops p and starts a new devidp at the same address and issuer,
// as a provider redeploy does: new signing keys, no old key, no session.
func (p *devIdP) restart(t *testing.T) {
	t.Helper()
	addr := p.srv.Listener.Addr().String()
	p.srv.Close()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listening again on %s: %v", addr, err)
	}
	idp, err := devidp.New(devidp.Config{Issuer: p.url, AllowedOrigins: []string{idpAppOrigin}})
	if err != nil {
		l.Close()
		t.Fatalf("devidp.New: %v", err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: idp}}
	srv.Start()
	t.Cleanup(srv.Close)
	p.Server, p.srv = idp, srv
}

// TestDevIdP_JWTVerifier_OutageThenRestart, with the verifier's defaults:
// while the provider is down, tokens of the cached key verify; after it
// comes back with new keys, the first token of the new key verifies within
// seconds and the old key's tokens are refused.
func TestDevIdP_JWTVerifier_OutageThenRestart(t *testing.T) {
	p := startDevIdP(t)
	v := newDevIdPVerifier(t, p)
	ctx := context.Background()
	before := p.signIn(t, "alice", "wonderland").access

	p.srv.Close() // the outage
	if _, err := v.Verify(ctx, before); err != nil {
		t.Fatalf("cached-key token while the provider is down: %v", err)
	}
	start := time.Now()
	stranger := sign(t, newRSAKey(t, "not-devidp"), jwtClaimsFor(p.url))
	if _, err := v.Verify(ctx, stranger); !errors.Is(err, backend.ErrKeySetUnavailable) {
		t.Fatalf("unknown kid while the provider is down: %v, want ErrKeySetUnavailable", err)
	}
	if d := time.Since(start); d > backend.DefaultUnknownKIDRefreshEvery+3*time.Second {
		t.Errorf("an unknown kid while the provider is down took %v", d)
	}
	if _, err := v.Verify(ctx, before); err != nil {
		t.Fatalf("cached-key token after a failed refresh: %v", err)
	}

	p.restart(t)
	after := p.signIn(t, "alice", "wonderland").access
	if kidOf(t, before) == kidOf(t, after) {
		t.Fatal("the restarted devidp signs with the old key")
	}
	start = time.Now()
	if _, err := v.Verify(ctx, after); err != nil {
		t.Fatalf("first token of the restarted provider: %v", err)
	}
	took := time.Since(start)
	if limit := backend.DefaultUnknownKIDRefreshEvery + 5*time.Second; took > limit {
		t.Errorf("the new key was accepted after %v, want within %v", took, limit)
	}
	if _, err := v.Verify(ctx, before); !errors.Is(err, backend.ErrInvalidToken) {
		t.Errorf("token of the key the restart dropped: %v, want ErrInvalidToken", err)
	}
	if n := p.Counts()["jwks"]; n > 2 {
		t.Errorf("the restarted provider's JWK Set was fetched %d times, want at most 2", n)
	}
	t.Logf("after the restart, the new key's first token verified in %v", took)
}

// jwtClaimsFor is a claim set that only the signature keeps from verifying.
func jwtClaimsFor(issuer string) map[string]any {
	now := time.Now()
	return map[string]any{"iss": issuer, "aud": []string{issuer}, "sub": aliceSub,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
}
