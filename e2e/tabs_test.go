package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// openSignedInTabs signs alice in on one tab and opens n-1 more tabs of the same browser
// context, each configured from the shared storage.
func openSignedInTabs(t *testing.T, srv *devserver.Server, n int, initScripts ...string) []*tab {
	t.Helper()
	bc := newBrowserContext(t)
	first := openTab(t, bc, srv.AppURL+"/", initScripts...)
	loginThroughForm(t, first, "alice", "wonderland")
	tabs := []*tab{first}
	for i := 1; i < n; i++ {
		tb := openTab(t, bc, srv.AppURL+"/", initScripts...)
		tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
		tabs = append(tabs, tb)
	}
	return tabs
}

// storm waits until every tab's access token is due, then fires perTab concurrent
// authgear.fetch calls in every tab at once, and returns the refresh grants it caused.
func storm(t *testing.T, srv *devserver.Server, tabs []*tab, perTab int) int {
	t.Helper()
	for _, tb := range tabs {
		tb.waitFor(`authgear.accessToken === undefined || Date.now() >= authgear.expireAt.getTime()`, 20*time.Second)
	}
	before := refreshGrants(srv)
	fire := stormScript(len(tabs), perTab)
	for _, tb := range tabs {
		tb.eval(fire, nil)
	}
	for i, tb := range tabs {
		var statuses []any
		tb.eval(`window.storm`, &statuses)
		for _, s := range statuses {
			if s != float64(200) {
				t.Fatalf("tab %d: an API call ended with %v, want 200 (all: %v)", i, s, statuses)
			}
		}
		var state string
		tb.eval(`authgear.sessionState`, &state)
		if state != "AUTHENTICATED" {
			t.Fatalf("tab %d is %s after the storm", i, state)
		}
	}
	return refreshGrants(srv) - before
}

// stormTokenLifetime is the access tokens' lifetime in the storm tests: short, so a test
// waits little for a token to come due, yet long enough (due after 90%, 7.2 s) that the
// refreshed token outlives the storm on a loaded 2-core machine, where 100 calls across
// four tabs took seconds and a 3–5 s token came due again inside the same storm (a second,
// rightful refresh, and a failed count).
const stormTokenLifetime = 8 * time.Second

// stormScript starts perTab concurrent authgear.fetch calls in a tab at one wall-clock
// moment shared by all tabs (they share the machine's clock), far enough ahead for every
// tab to be told: firing tab after tab over CDP spread a storm over seconds on a loaded
// machine, longer than the short test tokens live, so a late tab rightly refreshed again.
func stormScript(tabs, perTab int) string {
	at := time.Now().Add(time.Duration(tabs)*500*time.Millisecond + 500*time.Millisecond).UnixMilli()
	return `window.storm = new Promise((go) => setTimeout(go, Math.max(0, ` + strconv.FormatInt(at, 10) + ` - Date.now())))
	  .then(() => Promise.all(Array.from({ length: ` + strconv.Itoa(perTab) + ` }, () =>
	    authgear.fetch("/api/me").then((r) => r.status, (e) => e.name)))); true`
}

// stormsMakeOneRefreshEach runs rounds storms of perTab calls in every tab and fails
// unless each made exactly one refresh grant and the provider never saw a rotated refresh
// token used twice.
func stormsMakeOneRefreshEach(t *testing.T, srv *devserver.Server, tabs []*tab, perTab, rounds int) {
	t.Helper()
	for round := 1; round <= rounds; round++ {
		grants := storm(t, srv, tabs, perTab)
		t.Logf("storm %d: %d tab(s) × %d fetches → %d refresh grant(s)", round, len(tabs), perTab, grants)
		if grants != 1 {
			t.Fatalf("storm %d: %d refresh grants, want exactly 1", round, grants)
		}
		if n := srv.IdP.Counts()["reuse_detected"]; n != 0 {
			t.Fatalf("storm %d: the provider detected refresh token reuse %d times", round, n)
		}
	}
}

func TestTabs_RefreshStormWithRotationMakesOneRefresh(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: stormTokenLifetime, RotateRefreshTokens: true})
	tabs := openSignedInTabs(t, srv, 4)
	stormsMakeOneRefreshEach(t, srv, tabs, 25, 3)
	// Every tab still holds the session after a reload, from the latest stored token.
	tabs[3].run(chromedp.Reload())
	tabs[3].waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	tabs[3].eval(`authgear.fetchUserInfo()`, nil)
}

// Without Web Locks (removed before the SDK loads), each tab still sends at most one
// refresh at a time and takes another tab's token when it arrives first; tabs that
// refresh at the same moment each send one. With a non-rotating refresh token (Authgear's
// default) that is safe: every call succeeds and every tab keeps the session.
func TestTabs_WithoutWebLocksEachTabRefreshesAtMostOnce(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: stormTokenLifetime})
	noLocks := `delete Navigator.prototype.locks;`
	tabs := openSignedInTabs(t, srv, 4, noLocks)
	var hasLocks bool
	tabs[0].eval(`"locks" in navigator`, &hasLocks)
	if hasLocks {
		t.Fatal("navigator.locks is still there: the test would prove nothing")
	}
	for round := 1; round <= 2; round++ {
		grants := storm(t, srv, tabs, 25)
		t.Logf("storm %d without Web Locks: %d refresh grant(s)", round, grants)
		if grants < 1 || grants > len(tabs) {
			t.Fatalf("storm %d: %d refresh grants, want between 1 and %d (one per tab at most)", round, grants, len(tabs))
		}
	}
}

func TestTabs_LogoutReachesTheOtherTabs(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tabs := openSignedInTabs(t, srv, 2)
	a, b := tabs[0], tabs[1]
	b.eval(`demo.reasons.length = 0`, nil)
	a.run(chromedp.Click("#logout", chromedp.ByQuery))
	b.waitFor(`authgear.sessionState === "NO_SESSION" && demo.reasons.join(" ") === "LOGOUT"`, 20*time.Second)
}

func TestTabs_ClearSessionStateReachesTheOtherTabs(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tabs := openSignedInTabs(t, srv, 2)
	a, b := tabs[0], tabs[1]
	b.eval(`demo.reasons.length = 0`, nil)
	a.eval(`authgear.clearSessionState()`, nil)
	b.waitFor(`authgear.sessionState === "NO_SESSION" && demo.reasons.join(" ") === "CLEAR"`, 20*time.Second)
}

func TestTabs_LoginReachesTheOtherTabs(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	bc := newBrowserContext(t)
	b := openTab(t, bc, srv.AppURL+"/")
	b.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	a := openTab(t, bc, srv.AppURL+"/")
	loginThroughForm(t, a, "alice", "wonderland")
	b.waitFor(`authgear.sessionState === "AUTHENTICATED" && demo.reasons.join(" ") === "NO_TOKEN AUTHENTICATED"`, 5*time.Second)
	// The signed-in tab handed over its access token: no refresh is needed in b.
	before := refreshGrants(srv)
	b.eval(`authgear.fetch("/api/me").then((r) => r.status)`, nil)
	if n := refreshGrants(srv) - before; n != 0 {
		t.Fatalf("tab b refreshed %d times instead of using the token tab a handed over", n)
	}
}

func TestTabs_OfflineRefreshFailsFastAndKeepsTheSession(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: 2 * time.Second})
	tb := openSignedInTabs(t, srv, 1)[0]
	tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)

	tb.run(network.EmulateNetworkConditions(true, 0, -1, -1))
	tb.waitFor(`navigator.onLine === false`, 5*time.Second)
	before := refreshGrants(srv)
	got := tb.evalError(`authgear.refreshAccessTokenIfNeeded()`)
	if !got.Rejected || got.Name != "NetworkError" || got.Code != "network" || got.SessionState != "AUTHENTICATED" {
		t.Fatalf("offline refresh: %+v, want NetworkError with the session kept", got)
	}
	var stored bool
	tb.eval(`localStorage.getItem("authgear_default_refreshToken") !== null`, &stored)
	if !stored || refreshGrants(srv) != before {
		t.Fatalf("offline: refresh token stored=%v, refresh requests sent=%d", stored, refreshGrants(srv)-before)
	}

	tb.run(network.EmulateNetworkConditions(false, 0, -1, -1))
	tb.waitFor(`navigator.onLine === true`, 5*time.Second)
	var status float64
	tb.eval(`authgear.fetch("/api/me").then((r) => r.status)`, &status)
	if status != 200 || refreshGrants(srv)-before != 1 {
		t.Fatalf("back online: status %v after %d refreshes, want 200 after 1", status, refreshGrants(srv)-before)
	}
}

func TestTabs_DroppedRefreshConnectionKeepsTheSession(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: 2 * time.Second, RotateRefreshTokens: true})
	tb := openSignedInTabs(t, srv, 1)[0]
	tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)

	// Two drops: Chromium itself retries a request once when a reused keep-alive connection
	// closes without an answer, before JavaScript sees anything.
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: devidp.FaultDrop, Times: 2})
	got := tb.evalError(`authgear.refreshAccessTokenIfNeeded()`)
	if !got.Rejected || got.Name != "NetworkError" || got.Code != "network" || got.SessionState != "AUTHENTICATED" {
		t.Fatalf("dropped connection: %+v, want NetworkError with the session kept", got)
	}
	var status float64
	tb.eval(`authgear.fetch("/api/me").then((r) => r.status)`, &status)
	if status != 200 {
		t.Fatalf("the call after the dropped connection: HTTP %v", status)
	}
	if n := srv.IdP.Counts()["reuse_detected"]; n != 0 {
		t.Fatalf("reuse detected %d times", n)
	}
}
