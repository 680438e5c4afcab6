package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// fetchResult is what the page saw of an authgear.fetch call, plus the session after it.
type fetchResult struct {
	Status int    `json:"status"`
	Body   string `json:"body"`
	Token  string `json:"token"`
	State  string `json:"state"`
}

// countCrossingsJS wraps every function of the default container's Go object so that
// window.crossings counts the calls from the JS glue into Go (each one a JS→Go crossing
// plus, for the Promise-returning methods, one Go→JS settlement).
const countCrossingsJS = `(() => { const core = authgear._core; window.crossings = 0;
  for (const [name, f] of Object.entries(core)) {
    if (typeof f === "function") core[name] = (...args) => { window.crossings++; return f(...args); };
  } })();
`

// fetchJS calls authgear.fetch with args and describes the response as fetchResult.
func fetchJS(args string) string {
	return `(async () => { const r = await authgear.fetch(` + args + `);
	  return { status: r.status, body: await r.text(), token: authgear.accessToken || "", state: authgear.sessionState }; })()`
}

func TestFetch_FreshTokenGoesToTheAPIWithoutARefresh(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	srv.ResetAPIRequests()
	before := refreshGrants(srv)
	var got fetchResult
	tb.eval(fetchJS(`"/api/me"`), &got)
	if got.Status != 200 || !strings.Contains(got.Body, `"sub":"`) || !strings.Contains(got.Body, `"mode":"jwt"`) {
		t.Fatalf("authgear.fetch(/api/me): %d %s", got.Status, got.Body)
	}
	reqs := srv.APIRequests()
	if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/api/me" || got.Token == "" || reqs[0].Authorization != sdkAuthorization(got.Token) {
		t.Fatalf("the API received %s, want one GET /api/me with the current token", describe(reqs))
	}
	if n := refreshGrants(srv) - before; n != 0 {
		t.Fatalf("a fresh token was refreshed %d times", n)
	}
}

func TestFetch_ExpiredTokenIsRefreshedOnceFirstEvenForTwentyConcurrentCalls(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: 2 * time.Second})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	// One call with an expired token: the refresh comes first, the API sees only the new token.
	tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
	var old string
	tb.eval(`authgear.accessToken`, &old)
	srv.ResetAPIRequests()
	before := refreshGrants(srv)
	var got fetchResult
	tb.eval(fetchJS(`"/api/me"`), &got)
	if n := refreshGrants(srv) - before; n != 1 {
		t.Fatalf("fetch with an expired token made %d refresh grants, want 1", n)
	}
	reqs := srv.APIRequests()
	if got.Status != 200 || got.Token == old || len(reqs) != 1 || reqs[0].Authorization != sdkAuthorization(got.Token) {
		t.Fatalf("after the refresh: status %d, token changed %v, API saw %d requests", got.Status, got.Token != old, len(reqs))
	}

	// Twenty concurrent calls with an expired token share one refresh.
	tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
	srv.ResetAPIRequests()
	before = refreshGrants(srv)
	var all struct {
		Statuses []int  `json:"statuses"`
		Token    string `json:"token"`
	}
	tb.eval(`Promise.all(Array.from({ length: 20 }, () => authgear.fetch("/api/me")))
	  .then((rs) => ({ statuses: rs.map((r) => r.status), token: authgear.accessToken }))`, &all)
	if n := refreshGrants(srv) - before; n != 1 {
		t.Fatalf("20 concurrent fetch calls with an expired token made %d refresh grants, want 1", n)
	}
	reqs = srv.APIRequests()
	if len(all.Statuses) != 20 || len(reqs) != 20 {
		t.Fatalf("%d responses, %d API requests, want 20 each", len(all.Statuses), len(reqs))
	}
	for i, s := range all.Statuses {
		if s != 200 || reqs[i].Authorization != sdkAuthorization(all.Token) {
			t.Fatalf("call %d: status %d, Authorization %q, want 200 with the refreshed token", i, s, prefix(reqs[i].Authorization))
		}
	}
}

func TestFetch_TokenGoesOnlyToAllowedOrigins(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	other := startOriginRecorder(t, srv.AppURL)
	third := startOriginRecorder(t, srv.AppURL)
	var token string
	tb.eval(`authgear.accessToken`, &token)

	// Default policy: the page's own origin only. Another origin, even on loopback, is
	// not the page's: the request goes out, without the token.
	var got fetchResult
	tb.eval(fetchJS(jsString(other.URL+"/data")+`, { headers: { "x-custom": "default policy" } }`), &got)
	seen := other.requests()
	if got.Status != 200 || got.Body != "recorded" || len(seen) != 1 || seen[0].Custom != "default policy" {
		t.Fatalf("request to another origin: %d %q, recorded %+v", got.Status, got.Body, seen)
	}
	if seen[0].Authorization != "" {
		t.Fatalf("the token went to %s, which is not the page's origin: %q", other.URL, prefix(seen[0].Authorization))
	}
	srv.ResetAPIRequests()
	tb.eval(fetchJS(`"/api/me"`), &got)
	if r := srv.APIRequests(); got.Status != 200 || len(r) != 1 || r[0].Authorization != sdkAuthorization(token) {
		t.Fatalf("the page's own origin did not get the token: %d", got.Status)
	}

	// apiOrigins adds the listed origins to the page's own.
	tb.eval(`authgear.configure({ clientID: `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+
		`, apiOrigins: [`+jsString(other.URL)+`] })`, nil)
	tb.eval(fetchJS(jsString(other.URL+"/data")), &got)
	if seen = other.requests(); len(seen) != 2 || seen[1].Authorization != sdkAuthorization(token) {
		t.Fatalf("the listed origin received %+v, want the token on the second request", seen)
	}
	tb.eval(fetchJS(jsString(third.URL+"/data")), &got)
	if seen = third.requests(); got.Status != 200 || len(seen) != 1 || seen[0].Authorization != "" {
		t.Fatalf("an unlisted origin: status %d, received %+v, want one request without the token", got.Status, seen)
	}
	srv.ResetAPIRequests()
	tb.eval(fetchJS(`"/api/me"`), &got)
	if r := srv.APIRequests(); got.Status != 200 || len(r) != 1 || r[0].Authorization != sdkAuthorization(token) {
		t.Fatalf("the page's origin, not listed in apiOrigins: status %d, want the token all the same", got.Status)
	}
}

func TestFetch_KeepsTheCallersOwnAuthorizationHeader(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	tests := []struct{ name, args string }{
		{name: "headers object", args: `"/api/me", { headers: { Authorization: "Bearer callers-own" } }`},
		{name: "headers array, lower case", args: `"/api/me", { headers: [["authorization", "Bearer callers-own"]] }`},
		{name: "Headers instance", args: `"/api/me", { headers: new Headers({ AUTHORIZATION: "Bearer callers-own" }) }`},
		{name: "inside a Request", args: `new Request("/api/me", { headers: { Authorization: "Bearer callers-own" } })`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetAPIRequests()
			before := refreshGrants(srv)
			var got fetchResult
			if err := tb.tryEval(fetchJS(tt.args), &got); err != nil {
				t.Fatal(err)
			}
			// The API refuses the caller's token with invalid_token; that answer is the
			// caller's business: no refresh, no replay with the SDK's token.
			reqs := srv.APIRequests()
			if got.Status != 401 || len(reqs) != 1 || reqs[0].Authorization != "Bearer callers-own" {
				t.Fatalf("status %d, API requests %s, want one 401 carrying the caller's header", got.Status, describe(reqs))
			}
			if n := refreshGrants(srv) - before; n != 0 || got.State != "AUTHENTICATED" {
				t.Fatalf("%d refreshes, state %s: the SDK reacted to a 401 for a header it did not send", n, got.State)
			}
		})
	}
}
