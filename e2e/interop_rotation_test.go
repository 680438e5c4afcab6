package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// apiStatus is the status of GET /api/me through authgear.fetch.
func apiStatus(tb *tab) int {
	var status int
	tb.eval(`authgear.fetch("/api/me").then((r) => r.status)`, &status)
	return status
}

func TestInterop_BackendFollowsProviderKeyRotationAndOutage(t *testing.T) {
	t.Parallel()
	srv, f := startInterop(t, time.Minute, devserver.Config{})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/")
	interopLogin(t, tb, "alice")
	if s := apiStatus(tb); s != 200 {
		t.Fatalf("before the rotation: HTTP %d", s)
	}
	var oldToken string
	tb.eval(`authgear.accessToken`, &oldToken)

	// A flood of tokens with made-up kids: each may cost the verifier a JWK Set fetch,
	// bounded by its rate limit, and must not lock it out of the next real rotation.
	jwksBefore := f.events("jwks")
	garbage := tamper(t, oldToken, 0, func(h map[string]any) { h["kid"] = "made-up" })
	var refused []int
	tb.eval(`Promise.all(Array.from({ length: 5 }, () => fetch("/api/me", { headers: { authorization: "Bearer `+garbage+`" } }).then((r) => r.status)))`, &refused)
	for _, s := range refused {
		if s != 401 {
			t.Fatalf("tokens with unknown kids: %v, want 401s", refused)
		}
	}
	if n := f.events("jwks") - jwksBefore; n > 2 {
		t.Errorf("5 garbage kids made %d JWK Set fetches", n)
	}

	// The provider is down (its JWKS too): a token signed with a cached key still passes.
	f.stop()
	if s := apiStatus(tb); s != 200 {
		t.Fatalf("during a JWKS outage, a valid token with a cached key: HTTP %d, want 200", s)
	}

	// It comes back with a new signing key.
	f.start()

	// The old grants died with the old process: the user signs in again and gets a token
	// signed with the new key, which the API must accept within seconds, not minutes.
	tb.eval(`authgear.clearSessionState()`, nil)
	interopLogin(t, tb, "alice")
	var newToken string
	tb.eval(`authgear.accessToken`, &newToken)
	if strings.Split(newToken, ".")[0] == strings.Split(oldToken, ".")[0] {
		t.Fatal("the restarted provider signs with the same key header")
	}
	start := time.Now()
	if s := apiStatus(tb); s != 200 {
		t.Fatalf("a token signed with the provider's new key: HTTP %d after %v, want 200", s, time.Since(start))
	}
	t.Logf("new key accepted after %v", time.Since(start).Round(time.Millisecond))
}
