package e2e

import (
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// storedRefreshToken is the refresh token under Authgear's key.
func storedRefreshToken(tb *tab) string {
	var rt string
	tb.eval(`localStorage.getItem("authgear_default_refreshToken") || ""`, &rt)
	return rt
}

func TestInterop_ReloadRefreshWithRotationConcurrentCallsAndClear(t *testing.T) {
	t.Parallel()
	srv, f := startInterop(t, 3*time.Second, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	interopLogin(t, tb, "alice")
	first := storedRefreshToken(tb)

	// Reload: the session comes back from storage and the first call refreshes, once; the
	// provider rotates the refresh token (its default for public clients) and the new one
	// is stored.
	tb.run(chromedp.Navigate(srv.AppURL + "/"))
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	before := f.refreshGrants()
	tb.eval(`authgear.refreshAccessTokenIfNeeded().then(() => authgear.refreshAccessTokenIfNeeded())`, nil)
	if n := f.refreshGrants() - before; n != 1 {
		t.Fatalf("two refreshAccessTokenIfNeeded after reload: %d refresh grants, want 1", n)
	}
	second := storedRefreshToken(tb)
	if second == "" || second == first {
		t.Fatal("the rotated refresh token was not stored")
	}

	// 20 concurrent authgear.fetch calls with an expired token: one refresh, 20 × 200.
	tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
	before = f.refreshGrants()
	var statuses []int
	tb.eval(`Promise.all(Array.from({ length: 20 }, () => authgear.fetch("/api/me").then((r) => r.status)))`, &statuses)
	for _, s := range statuses {
		if s != 200 {
			t.Fatalf("statuses %v, want 20 × 200", statuses)
		}
	}
	if n := f.refreshGrants() - before; n != 1 || len(statuses) != 20 {
		t.Fatalf("20 concurrent fetches after expiry: %d refresh grants, want 1", n)
	}
	if storedRefreshToken(tb) == second {
		t.Fatal("the refresh token of the concurrent refresh was not rotated and stored")
	}
	// fetchUserInfo still knows the user from the ID token the refresh returned.
	var sub string
	tb.eval(`authgear.fetchUserInfo().then((u) => u.sub)`, &sub)
	if sub != "alice" {
		t.Fatalf("fetchUserInfo after refreshes: sub %q", sub)
	}

	// clearSessionState forgets everything locally and asks the provider nothing.
	mark := tb.requestCount()
	var cleared struct {
		State   string   `json:"state"`
		Reasons string   `json:"reasons"`
		Keys    []string `json:"keys"`
	}
	tb.eval(`authgear.clearSessionState().then(() => ({ state: authgear.sessionState, reasons: demo.reasons.join(" "),
	  keys: Object.keys(localStorage).filter((k) => k.startsWith("authgear_default_")) }))`, &cleared)
	if cleared.State != "NO_SESSION" || len(cleared.Keys) != 0 || cleared.Reasons[len(cleared.Reasons)-5:] != "CLEAR" {
		t.Fatalf("after clearSessionState: %+v", cleared)
	}
	if reqs := tb.requestsSince(mark); len(reqs) != 0 {
		t.Fatalf("clearSessionState sent %v", reqs)
	}
	// A rotated-away refresh token is refused: rotation is real at this provider.
	if got := f.refreshWith(first); got != "invalid_grant" {
		t.Fatalf("the first, rotated refresh token: %q, want invalid_grant", got)
	}
}

func TestInterop_FourTabsHundredCallsOneRefresh(t *testing.T) {
	t.Parallel()
	srv, f := startInterop(t, stormTokenLifetime, devserver.Config{})
	bc := newBrowserContext(t)
	tabs := []*tab{openTab(t, bc, srv.AppURL+"/")}
	interopLogin(t, tabs[0], "alice")
	for i := 1; i < 4; i++ {
		tb := openTab(t, bc, srv.AppURL+"/")
		tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
		tabs = append(tabs, tb)
	}
	for round := 1; round <= 2; round++ {
		for _, tb := range tabs {
			tb.waitFor(`authgear.accessToken === undefined || Date.now() >= authgear.expireAt.getTime()`, 20*time.Second)
		}
		before := f.refreshGrants()
		fire := stormScript(len(tabs), 25)
		for _, tb := range tabs {
			tb.eval(fire, nil)
		}
		for i, tb := range tabs {
			var got struct {
				Statuses []any  `json:"statuses"`
				State    string `json:"state"`
			}
			tb.eval(`window.storm.then((statuses) => ({ statuses, state: authgear.sessionState }))`, &got)
			for _, s := range got.Statuses {
				if s != float64(200) {
					t.Fatalf("round %d, tab %d: %v, want 25 × 200", round, i, got.Statuses)
				}
			}
			if got.State != "AUTHENTICATED" {
				t.Fatalf("round %d: tab %d is %s", round, i, got.State)
			}
		}
		n := f.refreshGrants() - before
		t.Logf("round %d: 4 tabs × 25 fetches → %d refresh grant(s)", round, n)
		if n != 1 {
			t.Fatalf("round %d: %d refresh grants, want 1", round, n)
		}
		if e := f.events("grant.error refresh_token"); e != 0 {
			t.Fatalf("round %d: the provider refused %d refresh requests (reuse of a rotated token)", round, e)
		}
	}
}

func TestInterop_ReferenceSnippetEndsTheSessionOnA401(t *testing.T) {
	t.Parallel()
	// The API's clock runs 2 minutes ahead: every 60 s token is expired for it.
	srv, f := startInterop(t, time.Minute, devserver.Config{APIClockSkew: 2 * time.Minute})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	interopLogin(t, tb, "alice")

	// The user signs out elsewhere: the grant is revoked at the provider (RFC 7009).
	if status, _ := f.post("/token/revocation", url.Values{"token": {storedRefreshToken(tb)},
		"client_id": {interopClientID}}); status != 200 {
		t.Fatalf("revocation: HTTP %d", status)
	}
	srv.ResetAPIRequests()
	before := f.refreshGrants()
	out := runFetchAppServer(t, tb, srv, "/api/me")
	// The API refuses the token (401 invalid_token); the SDK forces one refresh, the
	// provider says invalid_grant, the session ends and the request is not replayed.
	if reqs := srv.APIRequests(); len(reqs) != 1 || reqs[0].Authorization == "" {
		t.Fatalf("the API saw %s, want exactly the one refused request", describe(reqs))
	}
	if n, refused := f.refreshGrants()-before, f.events("grant.error refresh_token invalid_grant"); n != 0 || refused != 1 {
		t.Fatalf("%d refresh grants and %d refused, want the one forced refresh refused", n, refused)
	}
	assertSessionEndedBy401(t, out)
}
