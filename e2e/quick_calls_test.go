package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// The quick calls (jsbridge/quick_exports.go, web/src/quick.js): with a Bearer token that
// needs no refresh, refreshAccessTokenIfNeeded() and fetch() are decided inside the app's
// call. These tests use Bearer tokens (devidp binds tokens to DPoP by default, and a DPoP
// token's proof always goes the usual way) and check what an app can see: the request
// leaves within the call, with the right header, and every rule of the usual path holds.

// bearerApp is the demo app with a provider that issues Bearer tokens, alice signed in.
func bearerApp(t *testing.T, cfg devserver.Config) (*devserver.Server, *tab) {
	t.Helper()
	srv := startApp(t, cfg)
	srv.IdP.SetDPoP(devidp.DPoPSettings{Enabled: false})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	return srv, tb
}

func TestQuick_RefreshWithAValidTokenAnswersAtOnceAndAnExpiredOneRefreshes(t *testing.T) {
	t.Parallel()
	srv, tb := bearerApp(t, devserver.Config{AccessTokenLifetime: 3 * time.Second})
	tb.eval(`authgear.refreshAccessTokenIfNeeded().then(() => true)`, nil)
	before := refreshGrants(srv)
	var got struct {
		Same     bool   `json:"same"`
		Resolved []bool `json:"resolved"`
	}
	tb.eval(`(async () => { const a = authgear.refreshAccessTokenIfNeeded(), b = authgear.refreshAccessTokenIfNeeded();
	  return { same: a === b, resolved: await Promise.all([a, b].map((p) => p.then(() => true, () => false))) }; })()`, &got)
	if !got.Same || len(got.Resolved) != 2 || !got.Resolved[0] || !got.Resolved[1] {
		t.Fatalf("two calls with a valid token: %+v, want one settled Promise, resolved", got)
	}
	if n := refreshGrants(srv) - before; n != 0 {
		t.Fatalf("a valid token was refreshed %d times", n)
	}
	tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
	var old string
	tb.eval(`authgear.accessToken`, &old)
	tb.eval(`(async () => { const p = authgear.refreshAccessTokenIfNeeded(), q = authgear.refreshAccessTokenIfNeeded();
	  await Promise.all([p, q]); return { same: p === q, resolved: [true, true] }; })()`, &got)
	var token string
	tb.eval(`authgear.accessToken`, &token)
	if got.Same || token == old || refreshGrants(srv)-before != 1 {
		t.Fatalf("an expired token: shared Promise %v, token changed %v, %d grants; want two waits for one refresh", got.Same, token != old, refreshGrants(srv)-before)
	}
}

func TestQuick_FetchIsDecidedWithoutAGoMethodOnlyWhereTheTokenMayGo(t *testing.T) {
	t.Parallel()
	srv, tb := bearerApp(t, devserver.Config{})
	other := startOriginRecorder(t, srv.AppURL)
	var token string
	tb.eval(`authgear.refreshAccessTokenIfNeeded().then(() => authgear.accessToken)`, &token)
	tb.eval(countCrossingsJS+`true`, nil)

	// crossings counts calls of the container's Go methods (js.FuncOf), which the quick
	// calls avoid; a request that must go the usual way makes one.
	var got struct {
		Crossings int `json:"crossings"`
		Status    int `json:"status"`
	}
	call := func(args string) {
		t.Helper()
		tb.eval(`(async () => { window.crossings = 0; const r = await authgear.fetch(`+args+`); await r.text();
		  return { crossings: window.crossings, status: r.status }; })()`, &got)
	}
	lastAPIAuthorization := func() string {
		reqs := srv.APIRequests()
		if len(reqs) == 0 {
			return "(none)"
		}
		return reqs[len(reqs)-1].Authorization
	}
	call(`"/api/me"`)
	if got.Crossings != 0 || got.Status != 200 || lastAPIAuthorization() != "Bearer "+token {
		t.Fatalf("the page's origin: %d Go method calls, status %d, Authorization %q; want 0, 200 and the token", got.Crossings, got.Status, prefix(lastAPIAuthorization()))
	}
	call(jsString(other.URL + "/data"))
	if seen := other.requests(); got.Crossings != 0 || got.Status != 200 || len(seen) != 1 || seen[0].Authorization != "" {
		t.Fatalf("another origin: %d Go method calls, status %d, received %+v; want 0, one request without the token", got.Crossings, got.Status, seen)
	}
	call(jsString(other.URL + "/again"))
	warned := 0
	for _, w := range tb.warningsSeen() {
		if strings.Contains(w, other.URL) {
			warned++
		}
		if strings.Contains(w, token) {
			t.Fatal("a warning carries the token")
		}
	}
	if warned != 1 {
		t.Fatalf("%d warnings name %s, want one, for its first request", warned, other.URL)
	}
	// A URL longer than the module's buffer is decided the usual way, with the same rules.
	call(`"/api/me?pad=" + "x".repeat(9000)`)
	if got.Crossings != 1 || got.Status != 200 || lastAPIAuthorization() != "Bearer "+token {
		t.Fatalf("a 9 KB URL: %d Go method calls, status %d, Authorization %q; want 1 (the usual way), 200, the token", got.Crossings, got.Status, prefix(lastAPIAuthorization()))
	}
	// The caller's own header and a bad argument: as native fetch, without Go's methods.
	call(`"/api/me", { headers: { Authorization: "Bearer callers-own" } }`)
	if got.Crossings != 0 || lastAPIAuthorization() != "Bearer callers-own" {
		t.Fatalf("the caller's own header: %d Go method calls, Authorization %q", got.Crossings, prefix(lastAPIAuthorization()))
	}
	var bad struct {
		Crossings int    `json:"crossings"`
		Name      string `json:"name"`
	}
	tb.eval(`(async () => { window.crossings = 0; try { await authgear.fetch("http://[bad"); return { name: "resolved" }; }
	  catch (e) { return { crossings: window.crossings, name: e.name }; } })()`, &bad)
	if bad.Crossings != 0 || bad.Name != "TypeError" {
		t.Fatalf("a bad URL: %+v, want a TypeError, as fetch rejects", bad)
	}
}

func TestQuick_RejectedTokenIsRefreshedAndTheRequestReplayedOnce(t *testing.T) {
	t.Parallel()
	// As TestBackendJWT_InvalidTokenIsRefreshedAndReplayedOnce, with a Bearer token, sent
	// by the quick path: the API's clock is ahead, so the first token is expired there.
	for _, tt := range []struct{ name, args, body string }{
		{name: "a body, which the replay sends again", args: `"/api/echo?replayed=1", { method: "POST", body: "payload", headers: { "x-custom": "kept" } }`, body: "payload"},
		{name: "no body", args: `"/api/echo?replayed=1", { headers: { "x-custom": "kept" } }`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, tb := bearerApp(t, devserver.Config{AccessTokenLifetime: time.Minute, APIClockSkew: 2 * time.Minute})
			srv.IdP.SetAccessTokenLifetime(10 * time.Minute)
			var old string
			tb.eval(`authgear.accessToken`, &old)
			srv.ResetAPIRequests()
			before := refreshGrants(srv)
			var got struct {
				echoed
				Token string `json:"token"`
			}
			tb.eval(`(async () => { const r = await authgear.fetch(`+tt.args+`);
			  return { status: r.status, ...(await r.json()), token: authgear.accessToken }; })()`, &got)
			reqs := srv.APIRequests()
			if len(reqs) != 2 || reqs[0].Authorization != "Bearer "+old || reqs[1].Authorization != "Bearer "+got.Token || got.Token == old {
				t.Fatalf("the API saw %s, want the refused token then the refreshed one", describe(reqs))
			}
			if n := refreshGrants(srv) - before; n != 1 {
				t.Fatalf("%d refresh grants, want one forced refresh", n)
			}
			if got.Status != 200 || got.Query != "replayed=1" || got.Body != tt.body || got.Headers["x-custom"] != "kept" {
				t.Fatalf("the replayed request arrived as %+v", got.echoed)
			}
		})
	}
}

func TestQuick_AfterALogoutInAnotherTabNoTokenGoesAndRefreshAnswersAtOnce(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	srv.IdP.SetDPoP(devidp.DPoPSettings{Enabled: false})
	tabs := openSignedInTabs(t, srv, 2)
	a, b := tabs[0], tabs[1]
	var status int
	b.eval(`authgear.fetch("/api/me").then((r) => r.status)`, &status) // the token is in the quick path's slot now
	if status != 200 {
		t.Fatalf("signed in: /api/me answered %d", status)
	}
	a.run(chromedp.Click("#logout", chromedp.ByQuery))
	b.waitFor(`authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	// The quick path keeps the header on one object of the glue; signed out, a script
	// finds no token there, as it finds none in authgear.accessToken.
	var kept bool
	b.eval(`authgear._core.slot.authorization !== undefined`, &kept)
	if kept {
		t.Fatal("signed out, the quick path's slot still holds the Authorization header")
	}
	srv.ResetAPIRequests()
	var got struct {
		Status int  `json:"status"`
		Same   bool `json:"same"`
	}
	b.eval(`(async () => { const r = await authgear.fetch("/api/me");
	  const p = authgear.refreshAccessTokenIfNeeded(); await p;
	  return { status: r.status, same: p === authgear.refreshAccessTokenIfNeeded() }; })()`, &got)
	if reqs := srv.APIRequests(); len(reqs) != 1 || reqs[0].Authorization != "" || got.Status != 401 {
		t.Fatalf("after the other tab's logout the API saw %s (status %d), want one request without a token", describe(reqs), got.Status)
	}
	if !got.Same {
		t.Fatal("signed out, refreshAccessTokenIfNeeded() did not answer at once")
	}
}

// Go calls the app's code in the middle of its work: here configure's fetch, which Go
// calls from a goroutine to send a DPoP-bound request (the usual way). The app's code
// calling the SDK right there re-enters the module: the quick call answers, at once.
func TestQuick_AnswersTheAppsCodeThatGoIsCalling(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	tb.eval(`(async () => { window.inner = [];
	  await authgear.configure({ clientID: `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+`,
	    fetch: (req, init) => {
	      if (typeof req !== "string" && req.url.endsWith("/api/me")) {
	        const p = authgear.refreshAccessTokenIfNeeded();
	        window.inner.push({ same: p === authgear.refreshAccessTokenIfNeeded(),
	          answers: Promise.all([p.then(() => "refreshed", (e) => e.name), authgear.fetch("/api/echo?inner=1").then((r) => String(r.status), (e) => e.name)]) });
	      }
	      return fetch(req, init);
	    } });
	  await authgear.refreshAccessTokenIfNeeded();
	  return true; })()`, nil)
	var status int
	tb.eval(`authgear.fetch("/api/me").then((r) => r.status)`, &status)
	var got struct {
		Same    bool     `json:"same"`
		Answers []string `json:"answers"`
	}
	if err := tb.tryEval(`window.inner.length !== 1 ? { same: false, answers: ["inner calls: " + window.inner.length] } :
	  Promise.race([window.inner[0].answers, new Promise((r) => setTimeout(() => r(["hung"]), 10000))]).then((answers) => ({ same: window.inner[0].same, answers }))`, &got); err != nil {
		t.Fatalf("the page stopped answering: %v", err)
	}
	if status != 200 || !got.Same || len(got.Answers) != 2 || got.Answers[0] != "refreshed" || got.Answers[1] != "200" {
		t.Fatalf("/api/me %d; from inside configure's fetch: one settled Promise %v, answers %v; want 200, true, [refreshed 200]", status, got.Same, got.Answers)
	}
}
