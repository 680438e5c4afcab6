package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// snippetOutcome is what the reference page's 401 snippet (fetchAppServer) did.
type snippetOutcome struct {
	Threw   string `json:"threw"`
	State   string `json:"state"`
	Reasons string `json:"reasons"`
	Token   bool   `json:"hasToken"`
	Stored  bool   `json:"stored"`
}

// runFetchAppServer runs the reference page's 401 snippet verbatim (its URL filled in)
// and reports how it ended.
func runFetchAppServer(t *testing.T, tb *tab, srv *devserver.Server, url string) snippetOutcome {
	t.Helper()
	var out snippetOutcome
	tb.eval(`(async () => {`+withValues(referenceSnippets(t)[4], srv, url)+`
	  let threw = "";
	  try { await fetchAppServer(); } catch (e) { threw = e.message; }
	  return { threw, state: authgear.sessionState, reasons: demo.reasons.join(" "),
	    hasToken: authgear.accessToken !== undefined,
	    stored: localStorage.getItem("authgear_default_refreshToken") !== null };
	})()`, &out)
	return out
}

// assertSessionEndedBy401 checks that the snippet saw a 401 and left no session: the SDK
// ended it (INVALID) when the forced refresh failed, and the snippet's own
// clearSessionState ran after (CLEAR).
func assertSessionEndedBy401(t *testing.T, got snippetOutcome) {
	t.Helper()
	if got.Threw != "user session invalid" || got.State != "NO_SESSION" || got.Token || got.Stored ||
		!strings.HasSuffix(got.Reasons, "INVALID CLEAR") {
		t.Fatalf("fetchAppServer: %+v, want it to throw \"user session invalid\", NO_SESSION after INVALID then CLEAR, nothing stored", got)
	}
}

func TestBackendResolver_RevocationIsRefusedAtOnceAndEndsTheSession(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{ResolverMode: true, ResolverCacheTTL: devserver.NoResolverCache})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	var got fetchResult
	tb.eval(fetchJS(`"/api/me"`), &got)
	if got.Status != 200 || !strings.Contains(got.Body, `"mode":"resolver"`) {
		t.Fatalf("before revocation: %d %s", got.Status, got.Body)
	}
	used := sdkAuthorization(got.Token)

	if n := srv.IdP.RevokeUserSessions("alice"); n == 0 {
		t.Fatal("the management portal revoked nothing")
	}
	srv.ResetAPIRequests()
	before := refreshGrants(srv)
	out := runFetchAppServer(t, tb, srv, "/api/me")
	// The resolver refuses the unexpired token at once: 401 invalid_token. The SDK forces
	// one refresh, which fails with invalid_grant, so it does not replay.
	reqs := srv.APIRequests()
	if len(reqs) != 1 || reqs[0].Authorization != used {
		t.Fatalf("the API saw %d requests %s, want exactly the one with the revoked token", len(reqs), describe(reqs))
	}
	if n := refreshGrants(srv) - before; n != 1 {
		t.Fatalf("%d refresh grants after the 401, want the one forced refresh", n)
	}
	assertSessionEndedBy401(t, out)
}

func TestBackendJWT_RevokedSessionLastsUntilTheTokenIsDue(t *testing.T) {
	t.Parallel()
	// Long enough that the page does not refresh between login and the first call even on
	// a busy machine; short enough to wait for.
	srv := startApp(t, devserver.Config{AccessTokenLifetime: 6 * time.Second})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	if n := srv.IdP.RevokeUserSessions("alice"); n == 0 {
		t.Fatal("the management portal revoked nothing")
	}
	// JWT mode: the API checks the token itself; a revoked session's unexpired token
	// still works (the trade-off the backend package documents).
	before := refreshGrants(srv)
	var got fetchResult
	tb.eval(fetchJS(`"/api/me"`), &got)
	if got.Status != 200 || refreshGrants(srv) != before {
		t.Fatalf("revoked but unexpired token: %d %s (refreshes %d), want 200 without a refresh",
			got.Status, got.Body, refreshGrants(srv)-before)
	}

	// Once the token is due, the SDK refreshes before sending: invalid_grant ends the
	// session, the request goes out without a token, the API answers 401.
	tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 15*time.Second)
	srv.ResetAPIRequests()
	out := runFetchAppServer(t, tb, srv, "/api/me")
	if reqs := srv.APIRequests(); len(reqs) != 1 || reqs[0].Authorization != "" {
		t.Fatalf("the API saw %s, want one request without a token", describe(reqs))
	}
	if n := refreshGrants(srv) - before; n != 1 {
		t.Fatalf("%d refresh grants, want 1", n)
	}
	assertSessionEndedBy401(t, out)
}

func TestBackendJWT_InvalidTokenIsRefreshedAndReplayedOnce(t *testing.T) {
	t.Parallel()
	// The API's clock runs 2 minutes ahead: a 1-minute token, fresh for the page, is
	// expired for the API (past its 30 s leeway). Tokens issued after the provider's
	// lifetime is raised to 10 minutes are accepted.
	srv := startApp(t, devserver.Config{AccessTokenLifetime: time.Minute, APIClockSkew: 2 * time.Minute})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	var old string
	tb.eval(`authgear.accessToken`, &old)
	srv.IdP.SetAccessTokenLifetime(10 * time.Minute)

	srv.ResetAPIRequests()
	before := refreshGrants(srv)
	var got struct {
		echoed
		Token     string `json:"token"`
		Crossings int    `json:"crossings"`
	}
	tb.eval(countCrossingsJS+`(async () => { window.crossings = 0;
	  const r = await authgear.fetch("/api/echo?replayed=1", { method: "POST", body: "payload", headers: { "x-custom": "kept" } });
	  const crossings = window.crossings;
	  return { status: r.status, ...(await r.json()), token: authgear.accessToken, crossings }; })()`, &got)
	if got.Crossings != 1 {
		t.Errorf("authgear.fetch called into Go %d times for a refresh and a replay, want once", got.Crossings)
	}
	reqs := srv.APIRequests()
	if len(reqs) != 2 || reqs[0].Authorization != sdkAuthorization(old) || reqs[1].Authorization != sdkAuthorization(got.Token) || got.Token == old {
		t.Fatalf("the API saw %d requests, want the refused token then the refreshed one", len(reqs))
	}
	if n := refreshGrants(srv) - before; n != 1 {
		t.Fatalf("%d refresh grants, want one forced refresh", n)
	}
	if got.Status != 200 || got.Method != "POST" || got.Query != "replayed=1" || got.Body != "payload" || got.Headers["x-custom"] != "kept" {
		t.Fatalf("the replayed request arrived as %+v", got.echoed)
	}
}

func TestBackendJWT_RefusedTokenEndsTheSessionWhenTheForcedRefreshFails(t *testing.T) {
	t.Parallel()
	// Every token the provider issues is expired for the API (its clock runs ahead).
	srv := startApp(t, devserver.Config{AccessTokenLifetime: time.Minute, APIClockSkew: 2 * time.Minute})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	// The refresh works but the new token is refused too: the request is replayed once,
	// never more, the caller gets the 401 and the session stays (the provider still
	// honours it).
	srv.ResetAPIRequests()
	before := refreshGrants(srv)
	var got fetchResult
	tb.eval(fetchJS(`"/api/me"`), &got)
	if reqs := srv.APIRequests(); got.Status != 401 || len(reqs) != 2 || refreshGrants(srv)-before != 1 || got.State != "AUTHENTICATED" {
		t.Fatalf("status %d, %d API requests, %d refreshes, state %s; want 401 after one refresh and one replay, session kept",
			got.Status, len(reqs), refreshGrants(srv)-before, got.State)
	}

	// Revoked: the forced refresh answers invalid_grant, the session ends (INVALID), the
	// request is not replayed, and the reference page's 401 snippet leaves NO_SESSION.
	if n := srv.IdP.RevokeUserSessions("alice"); n == 0 {
		t.Fatal("the management portal revoked nothing")
	}
	srv.ResetAPIRequests()
	before = refreshGrants(srv)
	out := runFetchAppServer(t, tb, srv, "/api/me")
	if reqs := srv.APIRequests(); len(reqs) != 1 || reqs[0].Authorization == "" {
		t.Fatalf("the API saw %s, want exactly the one refused request", describe(reqs))
	}
	if n := refreshGrants(srv) - before; n != 1 {
		t.Fatalf("%d refresh grants, want the one forced refresh", n)
	}
	assertSessionEndedBy401(t, out)
}
