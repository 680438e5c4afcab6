package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

func TestLogin_FullFlowThroughTheFormAndReferenceSnippets(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitFor(`authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	loginThroughForm(t, tb, "alice", "wonderland")

	var after struct {
		State   string   `json:"state"`
		Reasons string   `json:"reasons"`
		Href    string   `json:"href"`
		Output  string   `json:"output"`
		Stored  bool     `json:"stored"`
		Pending []string `json:"pending"`
	}
	tb.eval(`({ state: authgear.sessionState, reasons: demo.reasons.join(" "), href: location.href,
	  output: document.querySelector("#output").textContent,
	  stored: localStorage.getItem("authgear_default_refreshToken") !== null,
	  pending: Object.keys(localStorage).filter((k) => !["authgear_default_refreshToken", "authgear_default_idToken", "authgear_default_tokenType"].includes(k)) })`, &after)
	if after.State != "AUTHENTICATED" || after.Reasons != "NO_TOKEN NO_TOKEN AUTHENTICATED" && after.Reasons != "NO_TOKEN AUTHENTICATED" {
		t.Errorf("after login: state %s reasons [%s]", after.State, after.Reasons)
	}
	if strings.Contains(after.Href, "code=") || strings.Contains(after.Href, "state=") {
		t.Errorf("the code is still in the address bar: %s", after.Href)
	}
	if !after.Stored || len(after.Pending) != 0 {
		t.Errorf("storage: refresh token stored=%v, leftover one-time keys %v", after.Stored, after.Pending)
	}
	if !strings.Contains(after.Output, `"preferredUsername": "alice"`) {
		t.Errorf("finishAuthentication's userInfo: %s", after.Output)
	}

	// The reference page's snippets, verbatim but for the placeholders.
	snippets := referenceSnippets(t)
	tb.eval(`(async () => { window.snippetDone = false;`+withValues(snippets[0], srv, "")+`})()`, nil)
	tb.waitFor(`authgear.sessionState === "AUTHENTICATED"`, 5*time.Second)

	userinfoBefore := srv.IdP.Counts()["userinfo"]
	tb.eval(`(() => {`+snippets[1]+`})()`, nil)
	waitUntil(t, "the snippet's fetchUserInfo", func() bool { return srv.IdP.Counts()["userinfo"] == userinfoBefore+1 })

	apiBefore := len(srv.APIRequests())
	tb.eval(`(() => {`+withValues(snippets[2], srv, "/api/me")+`})()`, nil)
	waitUntil(t, "the snippet's authgear.fetch", func() bool { return len(srv.APIRequests()) == apiBefore+1 })
	if r := srv.APIRequests()[apiBefore]; r.Path != "/api/me" || !strings.HasPrefix(r.Authorization, "DPoP ") {
		t.Errorf("authgear.fetch sent %s %s with Authorization %q", r.Method, r.Path, prefix(r.Authorization))
	}

	var header string
	tb.eval(`new Promise((resolve) => { const authgear_ = authgear; (() => {`+
		strings.Replace(snippets[3], "const headers = {", "const headers = window.snippetHeaders = {", 1)+
		`})(); const wait = () => window.snippetHeaders ? resolve(window.snippetHeaders.Authorization) : setTimeout(wait, 10); wait(); })`, &header)
	var token string
	tb.eval(`authgear.accessToken`, &token)
	if token == "" || header != "Bearer "+token {
		t.Errorf("refreshAccessTokenIfNeeded snippet built %q", prefix(header))
	}
}

func TestLogin_ReloadKeepsTheSessionAndRefreshesOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	tb.run(chromedp.Navigate(srv.AppURL + "/"))
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	before := refreshGrants(srv)
	tb.eval(`authgear.refreshAccessTokenIfNeeded()`, nil)
	if got := refreshGrants(srv) - before; got != 1 {
		t.Fatalf("first refreshAccessTokenIfNeeded after reload made %d refresh requests, want 1", got)
	}
	tb.eval(`authgear.refreshAccessTokenIfNeeded()`, nil)
	if got := refreshGrants(srv) - before; got != 1 {
		t.Fatalf("second refreshAccessTokenIfNeeded made a request (total %d), want none", got)
	}
	var hasToken bool
	tb.eval(`typeof authgear.accessToken === "string" && authgear.expireAt instanceof Date`, &hasToken)
	if !hasToken {
		t.Fatal("accessToken/expireAt not set after the refresh")
	}
}

func TestLogin_ExpiredTokenRefreshesOnceForFiftyConcurrentCalls(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: 2 * time.Second})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	before := refreshGrants(srv)
	tb.eval(`authgear.refreshAccessTokenIfNeeded()`, nil)
	if got := refreshGrants(srv) - before; got != 0 {
		t.Fatalf("a fresh token was refreshed (%d requests)", got)
	}
	tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
	tb.eval(`Promise.all(Array.from({ length: 50 }, () => authgear.refreshAccessTokenIfNeeded()))`, nil)
	if got := refreshGrants(srv) - before; got != 1 {
		t.Fatalf("50 concurrent calls with an expired token made %d refresh grants, want 1", got)
	}
}

func TestLogin_RotationStoresEveryNewRefreshToken(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: 2 * time.Second, RotateRefreshTokens: true})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	seen := map[string]bool{}
	var stored string
	tb.eval(`localStorage.getItem("authgear_default_refreshToken")`, &stored)
	seen[stored] = true
	for i := 0; i < 2; i++ {
		tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
		tb.eval(`authgear.refreshAccessTokenIfNeeded()`, nil)
		tb.eval(`localStorage.getItem("authgear_default_refreshToken")`, &stored)
		if seen[stored] {
			t.Fatalf("refresh %d: the stored refresh token did not change", i+1)
		}
		seen[stored] = true
	}
	tb.run(chromedp.Navigate(srv.AppURL + "/"))
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	tb.eval(`authgear.fetchUserInfo()`, nil)
	if n := srv.IdP.Counts()["reuse_detected"]; n != 0 {
		t.Fatalf("the provider detected %d refresh token reuses", n)
	}
}

func TestLogin_RevokedSessionEndsOnFetchUserInfo(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	if n := srv.IdP.RevokeUserSessions("alice"); n == 0 {
		t.Fatal("the management portal revoked nothing")
	}
	got := tb.evalError(`authgear.fetchUserInfo()`)
	if !got.Rejected || got.SessionState != "NO_SESSION" || !got.IsAuthgear {
		t.Fatalf("fetchUserInfo after revocation: %+v", got)
	}
	var after struct {
		Reasons string   `json:"reasons"`
		Keys    []string `json:"keys"`
		Token   any      `json:"token"`
	}
	tb.eval(`({ reasons: demo.reasons.join(" "), keys: Object.keys(localStorage), token: authgear.accessToken })`, &after)
	if !strings.HasSuffix(after.Reasons, "INVALID") || len(after.Keys) != 0 || after.Token != nil {
		t.Fatalf("after revocation: %+v, want reason INVALID, empty storage, no token", after)
	}
}

func TestLogout_RevokesAndEndsTheSessionAtTheProvider(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	tb.run(chromedp.Click("#logout", chromedp.ByQuery))
	waitUntil(t, "end_session", func() bool { return srv.IdP.Counts()["end_session"] == 1 })
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	if n := srv.IdP.Counts()["revoke"]; n != 1 {
		t.Fatalf("%d revocation requests, want 1", n)
	}
	var keys []string
	tb.eval(`Object.keys(localStorage)`, &keys)
	if len(keys) != 0 {
		t.Fatalf("storage after logout: %v", keys)
	}
}

func TestFinishAuthentication_RejectsBadCallbacksAndStoresNothing(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	bc := newBrowserContext(t)

	// The user cancels on the provider's form: error=access_denied comes back.
	tb := openTab(t, bc, srv.AppURL+"/")
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && !document.querySelector("#login").disabled`, 20*time.Second)
	tb.run(chromedp.Click("#login", chromedp.ByQuery))
	tb.waitForPage(srv.IdPURL, `document.querySelector("#cancel")`, 20*time.Second)
	tb.run(chromedp.Click("#cancel", chromedp.ByQuery))
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && document.querySelector("#output").textContent !== ""`, 20*time.Second)
	assertOutputAndNothingStored(t, tb, "OAuthError: ")

	// A callback whose state this browser never sent (CSRF / mix-up).
	tb.run(chromedp.Navigate(srv.AppURL + "/?code=forged&state=not-mine"))
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && document.querySelector("#output").textContent !== ""`, 20*time.Second)
	assertOutputAndNothingStored(t, tb, "AuthgearError: ")

	// A real callback replayed after it was used.
	tb.eval(`authgear.makeAuthorizeURL({ redirectURI: location.origin + "/" }).then((u) => { window.authorizeURL = u; })`, nil)
	var authorizeURL string
	tb.eval(`window.authorizeURL`, &authorizeURL)
	tb.run(chromedp.Navigate(authorizeURL))
	fillLoginForm(t, tb, srv.AppURL, "alice", "wonderland")
	var callback string
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	tb.eval(`performance.getEntriesByType("navigation")[0].name`, &callback)
	if !strings.Contains(callback, "code=") {
		t.Fatalf("could not capture the callback URL: %s", callback)
	}
	tb.eval(`authgear.clearSessionState()`, nil)
	codeGrants := srv.IdP.Counts()["token:authorization_code"]
	tb.run(chromedp.Navigate(callback))
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && document.querySelector("#output").textContent.startsWith("AuthgearError")`, 20*time.Second)
	assertOutputAndNothingStored(t, tb, "AuthgearError: ")
	if n := srv.IdP.Counts()["token:authorization_code"]; n != codeGrants {
		t.Fatalf("the replayed code reached the token endpoint")
	}
}

func assertOutputAndNothingStored(t *testing.T, tb *tab, wantPrefix string) {
	t.Helper()
	var got struct {
		Output string   `json:"output"`
		State  string   `json:"state"`
		Keys   []string `json:"keys"`
	}
	tb.eval(`({ output: document.querySelector("#output").textContent, state: authgear.sessionState,
	  keys: Object.keys(localStorage).filter((k) => k.endsWith("_refreshToken") || k.endsWith("_idToken")) })`, &got)
	if !strings.HasPrefix(got.Output, wantPrefix) || got.State != "NO_SESSION" || len(got.Keys) != 0 {
		t.Fatalf("got %+v, want output %q…, NO_SESSION and no stored tokens", got, wantPrefix)
	}
}

// prefix shows only the start of a credential in a failure message.
func prefix(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}
