package sdk_test

import (
	"context"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/sdk"
)

// Configure is on every page's way to a usable SDK: it must not wait for IndexedDB. The
// ledger is first read by the first refresh.
func TestConfigure_DoesNotReadTheLedger(t *testing.T) {
	t.Parallel()
	ledger := newMemLedger()
	e := newEnv(t, sdk.Options{}, sdk.WithLedger(ledger))
	if n := ledger.gets.Load(); n != 0 {
		t.Fatalf("configure read the ledger %d times", n)
	}
	e.login()
	e.expire()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ledger.gets.Load() == 0 {
		t.Fatal("the refresh did not read the ledger: the cross-tab rules would not hold")
	}
}

// A tab that configures after another tab refreshed must not wait for that tab's
// hand-over (it was sent before this tab listened): its first refresh goes out at once,
// with the ledger's refresh token.
func TestTabs_ARefreshFromBeforeConfigureIsNotWaitedFor(t *testing.T) {
	t.Parallel()
	ledger := newMemLedger()
	e := newEnv(t, sdk.Options{}, sdk.WithLedger(ledger))
	e.login()
	e.expire()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second) // well inside adoptWindow
	b := e.browser()
	b.Navigator = &fakeNavigator{}
	c := newContainer(t, "", b, sdk.WithClock(e.clock), sdk.WithLedger(ledger), sdk.WithBroadcaster(newHub(t).port()))
	if err := c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
		t.Fatal(err)
	}
	before := e.count("token:refresh_token")
	start := time.Now()
	if err := c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Fatalf("the new tab waited %v for a hand-over meant for no one", waited)
	}
	if n := e.count("token:refresh_token") - before; n != 1 || c.Snapshot().AccessToken == "" {
		t.Fatalf("%d refresh requests, access token %q", n, c.Snapshot().AccessToken)
	}
}
