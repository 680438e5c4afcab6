package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// signedInAfterReload signs alice in, reloads (the new page holds the refresh token and
// no access token, so the next call refreshes) and configures with extra options.
func signedInAfterReload(t *testing.T, srv *devserver.Server, extra string) *tab {
	t.Helper()
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	tb.run(chromedp.Reload())
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	tb.eval(`authgear.configure({ clientID: `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+extra+` })`, nil)
	return tb
}

func TestHardening_AnAbortedSignalRejectsAtOnceEvenDuringTheRefreshAndAHungProviderTimesOut(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := signedInAfterReload(t, srv, `, timeout: 8000`)
	before := refreshGrants(srv)
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: devidp.FaultDelay, Delay: time.Minute})
	tb.eval(`window.ctl = new AbortController();
	  window.aborted = authgear.fetch("/api/me", { signal: ctl.signal })
	    .then(() => "resolved", (e) => e.name + (e instanceof DOMException ? " (DOMException)" : "")); true`, nil)
	waitUntil(t, "the refresh to reach the hung provider", func() bool { return refreshGrants(srv) == before+1 })
	srv.ResetAPIRequests()
	tb.eval(`ctl.abort(), true`, nil)
	var name string
	tb.eval(`aborted`, &name) // settles at once: the hung refresh is not waited for
	if name != "AbortError (DOMException)" || len(srv.APIRequests()) != 0 {
		t.Fatalf("an abort during the refresh: %q, %d API requests; want the signal's AbortError and no request", name, len(srv.APIRequests()))
	}
	// Already aborted: rejected before anything is sent.
	tb.eval(`authgear.fetch("/api/me", { signal: AbortSignal.abort() }).then(() => "resolved", (e) => e.name)`, &name)
	if name != "AbortError" || len(srv.APIRequests()) != 0 {
		t.Fatalf("an aborted signal: %q; want AbortError and no request", name)
	}
	// The refresh it left goes on, bounded by configure's timeout: a NetworkError, the
	// session kept, and the cross-tab lock released for the next call.
	fail := tb.evalError(`authgear.refreshAccessTokenIfNeeded()`)
	if fail.Name != "NetworkError" || fail.Code != "timeout" || fail.SessionState != "AUTHENTICATED" {
		t.Fatalf("a hung refresh: %+v; want NetworkError code timeout, session kept", fail)
	}
	var got fetchResult
	tb.eval(fetchJS(`"/api/me"`), &got)
	if got.Status != 200 || got.Token == "" || refreshGrants(srv) != before+2 {
		t.Fatalf("the next call: status %d, refresh grants %d; want one refresh that works", got.Status, refreshGrants(srv)-before)
	}
}

func TestHardening_HugeAndDeepBodiesAreTypedErrorsAndTheModuleLives(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := signedInAfterReload(t, srv, ``)
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: devidp.FaultHuge, Size: 256 << 20})
	if fail := tb.evalError(`authgear.refreshAccessTokenIfNeeded()`); fail.Code != "response_too_large" || fail.SessionState != "AUTHENTICATED" {
		t.Fatalf("a 256 MiB token response: %+v; want code response_too_large, session kept", fail)
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "userinfo", Kind: devidp.FaultBody, Body: `{"sub":"x","a":` + deep + `}`})
	if fail := tb.evalError(`authgear.fetchUserInfo()`); fail.Code != "response_too_deep" || fail.SessionState != "AUTHENTICATED" {
		t.Fatalf("20,000 nested arrays: %+v; want code response_too_deep, session kept", fail)
	}
	var sub string
	tb.eval(`authgear.fetchUserInfo().then((u) => u.sub)`, &sub)
	if sub == "" {
		t.Fatal("the module did not survive: fetchUserInfo after the faults has no sub")
	}
}

func TestHardening_AFullLocalStorageDuringARotatingRefreshKeepsTheSession(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := signedInAfterReload(t, srv, ``)
	srv.IdP.SetRotateRefreshTokens(true)
	var before string
	tb.eval(`localStorage.getItem("authgear_default_refreshToken")`, &before)
	tb.eval(`window.realSetItem = Storage.prototype.setItem;
	  Storage.prototype.setItem = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); }; true`, nil)
	fail := tb.evalError(`authgear.refreshAccessTokenIfNeeded()`)
	var after string
	tb.eval(`localStorage.getItem("authgear_default_refreshToken")`, &after)
	if (fail.Rejected && fail.Code == "unknown") || fail.SessionState != "AUTHENTICATED" || after != before {
		t.Fatalf("a full localStorage: %+v, stored token changed %v; want a typed outcome, the session and the stored token kept", fail, after != before)
	}
	// The rotated token lives on in the fallback: the page's next calls work.
	var got fetchResult
	tb.eval(fetchJS(`"/api/me"`), &got)
	if got.Status != 200 || got.State != "AUTHENTICATED" {
		t.Fatalf("the next call: status %d, state %s", got.Status, got.State)
	}
	tb.eval(`Storage.prototype.setItem = realSetItem, true`, nil)
}
