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
	stormsMakeOneRefreshEach(t, srv, openSignedInTabs(t, srv, 1), 100, 2)
}
