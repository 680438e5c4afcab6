package engines

import (
	"strconv"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/browsertab"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestJourneys runs every journey in every engine: the engines in parallel, each
// engine's journeys one after another, so the log shows each engine's run time.
func TestJourneys(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e browsertab.Engine) {
		start := time.Now()
		t.Run("SignInCallReloadRefreshSignOut", func(t *testing.T) { signInJourney(t, e) })
		t.Run("TwoTabsShareOneRefreshAndTheLogout", func(t *testing.T) { twoTabsJourney(t, e) })
		t.Run("WithoutWebLocksTwoTabsRefreshTwice", func(t *testing.T) { withoutWebLocks(t, e) })
		t.Logf("%s (%s): journeys took %v", e.Name(), e.Version(), time.Since(start).Round(time.Millisecond))
	})
}

// signInJourney: configure sends nothing; log in through the provider's form;
// fetchUserInfo; fetch with the (DPoP-bound) access token; reload keeps the session; 20 concurrent
// fetch calls after expiry make one refresh; logout goes through end-session and back.
func signInJourney(t *testing.T, e browsertab.Engine) {
	srv := startApp(t, repoRoot, devserver.Config{AccessTokenLifetime: 4 * time.Second, RotateRefreshTokens: true})
	srv.IdP.ResetCounts() // the demo API's verifier read discovery and JWKS at start
	p := newBrowser(t, e).open(srv.AppURL + "/")
	p.waitForPage(srv.AppURL, demoReady)
	var state string
	p.eval(`authgear.sessionState`, &state)
	if state != "NO_SESSION" {
		t.Fatalf("a fresh browser is %s, want NO_SESSION", state)
	}
	for k, n := range srv.IdP.Counts() {
		if n != 0 {
			t.Errorf("configure sent %d %s request(s) to the provider, want none", n, k)
		}
	}
	if n := len(srv.APIRequests()); n != 0 {
		t.Errorf("configure sent %d API request(s), want none", n)
	}

	p.loginThroughForm(srv, "alice", "wonderland")
	if c := srv.IdP.Counts(); c["login"] != 1 || c["token:authorization_code"] != 1 {
		t.Fatalf("login: provider counted %v, want one form login and one code exchange", c)
	}

	before := srv.IdP.Counts()["userinfo"]
	var user struct{ Sub, Email string }
	p.eval(`authgear.fetchUserInfo().then((u) => ({ sub: u.sub, email: u.email }))`, &user)
	if user.Sub == "" || user.Email != "alice@example.com" || srv.IdP.Counts()["userinfo"] != before+1 {
		t.Fatalf("fetchUserInfo: %+v after %d userinfo request(s)", user, srv.IdP.Counts()["userinfo"]-before)
	}

	srv.ResetAPIRequests()
	var call struct {
		Status int
		Token  string
	}
	p.eval(`authgear.fetch("/api/me").then((r) => ({ status: r.status, token: authgear.accessToken }))`, &call)
	reqs := srv.APIRequests()
	if call.Status != 200 || len(reqs) != 1 || call.Token == "" || reqs[0].Authorization != "DPoP "+call.Token {
		t.Fatalf("fetch: HTTP %d, the API received %d request(s); want 200 and one with the token, DPoP-bound (devidp binds by default)", call.Status, len(reqs))
	}

	p.navigate(srv.AppURL + "/")
	p.waitForPage(srv.AppURL, demoReady+` && authgear.sessionState === "AUTHENTICATED" && demo.reasons.includes("FOUND_TOKEN")`)
	if got := concurrentFetches(t, p, 1); got[0] != float64(200) {
		t.Fatalf("fetch after reload: %v", got)
	}

	p.waitForPage(srv.AppURL, `Date.now() >= authgear.expireAt.getTime()`)
	grants := refreshGrants(srv)
	for i, s := range concurrentFetches(t, p, 20) {
		if s != float64(200) {
			t.Fatalf("concurrent fetch %d after expiry ended with %v, want 200", i, s)
		}
	}
	if n := refreshGrants(srv) - grants; n != 1 {
		t.Fatalf("20 concurrent fetch calls after expiry made %d refresh grants, want 1", n)
	}
	if n := srv.IdP.Counts()["reuse_detected"]; n != 0 {
		t.Fatalf("the provider detected refresh token reuse %d times", n)
	}

	c := srv.IdP.Counts()
	p.logoutAndBack(srv)
	var stored bool
	p.eval(`localStorage.getItem("authgear_default_refreshToken") !== null`, &stored)
	after := srv.IdP.Counts()
	if after["revoke"] != c["revoke"]+1 || after["end_session"] != c["end_session"]+1 || stored {
		t.Fatalf("logout: %d revocation(s), %d end-session visit(s), refresh token still stored: %v",
			after["revoke"]-c["revoke"], after["end_session"]-c["end_session"], stored)
	}
}

// twoTabsJourney: two tabs of one browser make one refresh between them after expiry,
// and a logout in one reaches the other.
func twoTabsJourney(t *testing.T, e browsertab.Engine) {
	srv := startApp(t, repoRoot, devserver.Config{AccessTokenLifetime: 3 * time.Second})
	a, b := signedInTabs(t, e, srv)
	if n := refreshBothTabs(t, srv, a, b); n != 1 {
		t.Fatalf("two tabs after expiry made %d refresh grants, want 1", n)
	}
	b.eval(`demo.reasons.length = 0`, nil)
	a.logoutAndBack(srv)
	b.waitForPage(srv.AppURL, `authgear.sessionState === "NO_SESSION" && demo.reasons.includes("LOGOUT")`)
}

// withoutWebLocks is the negative control of twoTabsJourney: the same check on a page
// without Web Locks must see more than one refresh, or it could not have failed.
func withoutWebLocks(t *testing.T, e browsertab.Engine) {
	srv := startApp(t, rootWithoutWebLocks(t), devserver.Config{AccessTokenLifetime: 3 * time.Second})
	a, b := signedInTabs(t, e, srv)
	var hasLocks bool
	b.eval(`"locks" in navigator`, &hasLocks)
	if hasLocks {
		t.Fatal("navigator.locks is still there: the control would prove nothing")
	}
	n := refreshBothTabs(t, srv, a, b)
	t.Logf("without Web Locks: two tabs made %d refresh grants", n)
	if n < 2 {
		t.Fatalf("without Web Locks two tabs made %d refresh grant(s): the two-tab check cannot fail", n)
	}
}

// signedInTabs signs alice in on one tab and opens a second tab of the same browser.
func signedInTabs(t *testing.T, e browsertab.Engine, srv *devserver.Server) (a, b *page) {
	t.Helper()
	br := newBrowser(t, e)
	a = br.open(srv.AppURL + "/")
	a.loginThroughForm(srv, "alice", "wonderland")
	b = br.open(srv.AppURL + "/")
	b.waitForPage(srv.AppURL, demoReady+` && authgear.sessionState === "AUTHENTICATED"`)
	return a, b
}

// refreshBothTabs waits until both tabs' access tokens are due, slows the provider's
// refresh answers down (so the second tab asks while the first refresh is still under
// way, whatever the engine's command latency), fires ten fetch calls in each tab and
// returns the refresh grants the provider answered. Every call must succeed.
func refreshBothTabs(t *testing.T, srv *devserver.Server, a, b *page) int {
	t.Helper()
	due := `authgear.accessToken === undefined || Date.now() >= authgear.expireAt.getTime()`
	a.waitForPage(srv.AppURL, due)
	b.waitForPage(srv.AppURL, due)
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: devidp.FaultDelay, Delay: time.Second, Times: 2})
	before := refreshGrants(srv)
	fire := `window.burst = Promise.all(Array.from({ length: 10 }, () =>
	  authgear.fetch("/api/me").then((r) => r.status, (e) => e.name))); true`
	a.eval(fire, nil)
	b.eval(fire, nil)
	for i, p := range []*page{a, b} {
		var statuses []any
		p.eval(`window.burst`, &statuses)
		for _, s := range statuses {
			if s != float64(200) {
				t.Fatalf("tab %d: a fetch ended with %v, want 200 (all: %v)", i, s, statuses)
			}
		}
	}
	return refreshGrants(srv) - before
}

// concurrentFetches starts n authgear.fetch calls at once and returns their HTTP
// statuses (or error names).
func concurrentFetches(t *testing.T, p *page, n int) []any {
	t.Helper()
	var out []any
	p.eval(`Promise.all(Array.from({ length: `+strconv.Itoa(n)+` }, () =>
	  authgear.fetch("/api/me").then((r) => r.status, (e) => e.name)))`, &out)
	if len(out) != n {
		t.Fatalf("%d results for %d fetch calls", len(out), n)
	}
	return out
}

// refreshGrants is how many refresh_token grants the provider has answered.
func refreshGrants(srv *devserver.Server) int {
	return srv.IdP.Counts()["token:refresh_token"]
}
