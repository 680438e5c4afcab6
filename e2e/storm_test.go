package e2e

import (
	"testing"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// 100 concurrent authgear.fetch calls in one tab with an expired token share one refresh
// grant (the 4-tab storm, TestTabs_RefreshStormWithRotationMakesOneRefresh, spreads the
// same 100 calls over four tabs). `make bench` prints both counts beside @authgear/web's.
func TestTabs_RefreshStormInOneTabMakesOneRefresh(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: stormTokenLifetime, RotateRefreshTokens: true})
	tabs := openSignedInTabs(t, srv, 1)
	for round := 1; round <= 2; round++ {
		grants := storm(t, srv, tabs, 100)
		t.Logf("storm %d: 1 tab × 100 fetches → %d refresh grant(s)", round, grants)
		if grants != 1 {
			t.Fatalf("storm %d: %d refresh grants, want exactly 1", round, grants)
		}
		if n := srv.IdP.Counts()["reuse_detected"]; n != 0 {
			t.Fatalf("storm %d: the provider detected refresh token reuse %d times", round, n)
		}
	}
}
