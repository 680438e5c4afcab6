package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// interopLogin clicks the demo's "Log in", signs in on oidc-provider's own development
// form (any login, any password) and waits until the demo page has finished the login.
func interopLogin(t *testing.T, tb *tab, user string) {
	t.Helper()
	app := tb.origin()
	tb.waitForPage(app, `typeof demo !== "undefined" && authgear.sessionState !== "UNKNOWN"`, 20*time.Second)
	tb.run(chromedp.Click("#login", chromedp.ByQuery))
	tb.waitForPage("http", `!location.href.startsWith(`+jsString(app)+`) && document.querySelector("input[name=login]")`, 20*time.Second)
	tb.run(
		chromedp.SendKeys("input[name=login]", user, chromedp.ByQuery),
		chromedp.SendKeys("input[name=password]", "any password", chromedp.ByQuery),
		chromedp.Click("button[type=submit]", chromedp.ByQuery),
	)
	tb.waitForPage(app, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED" && document.querySelector("#output").textContent.includes("sub")`, 20*time.Second)
}

func TestInterop_LoginUserInfoBearerFetchAndBackendVerifier(t *testing.T) {
	t.Parallel()
	srv, f := startInterop(t, time.Minute, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	interopLogin(t, tb, "alice")

	var after struct {
		Href    string   `json:"href"`
		Output  string   `json:"output"`
		Pending []string `json:"pending"`
		Sub     string   `json:"sub"`
	}
	tb.eval(`(async () => ({ href: location.href, output: document.querySelector("#output").textContent,
	  pending: Object.keys(localStorage).filter((k) => !["authgear_default_refreshToken", "authgear_default_idToken", "authgear_default_tokenType"].includes(k)),
	  sub: (await authgear.fetchUserInfo()).sub }))()`, &after)
	for _, p := range []string{"code=", "state=", "iss="} {
		if strings.Contains(after.Href, p) {
			t.Errorf("the address bar still has %s: %s", p, after.Href)
		}
	}
	if len(after.Pending) != 0 {
		t.Errorf("one-time keys left in storage: %v", after.Pending)
	}
	if after.Sub != "alice" || !strings.Contains(after.Output, `"sub": "alice"`) {
		t.Errorf("userInfo: fetchUserInfo().sub=%q, finishAuthentication showed %s", after.Sub, after.Output)
	}

	srv.ResetAPIRequests()
	var me struct {
		Status int    `json:"status"`
		Sub    string `json:"sub"`
	}
	tb.eval(`authgear.fetch("/api/me").then(async (r) => ({ status: r.status, sub: r.status === 200 ? (await r.json()).sub : "" }))`, &me)
	if me.Status != 200 || me.Sub != "alice" {
		t.Fatalf("GET /api/me through authgear.fetch: %+v (requests %s)", me, describe(srv.APIRequests()))
	}
	if r := srv.APIRequests()[0]; !strings.HasPrefix(r.Authorization, "DPoP ey") {
		t.Errorf("the API got Authorization %q, want a DPoP-bound JWT (the fixture offers DPoP)", prefix(r.Authorization))
	}
	// The reference page's configure, fetch and refreshAccessTokenIfNeeded snippets, as
	// published but for the placeholders, against this provider.
	snippets := referenceSnippets(t)
	tb.eval(`(async () => {`+withValues(snippets[0], srv, "")+`})()`, nil)
	tb.waitFor(`authgear.sessionState === "AUTHENTICATED"`, 5*time.Second)
	apiBefore := len(srv.APIRequests())
	tb.eval(`(() => {`+withValues(snippets[2], srv, "/api/me")+`})()`, nil)
	waitUntil(t, "the snippet's authgear.fetch", func() bool { return len(srv.APIRequests()) == apiBefore+1 })
	if r := srv.APIRequests()[apiBefore]; r.Path != "/api/me" || !strings.HasPrefix(r.Authorization, "DPoP ") {
		t.Errorf("the snippet's authgear.fetch sent %s %s with Authorization %q", r.Method, r.Path, prefix(r.Authorization))
	}
	var header, token string
	tb.eval(`new Promise((resolve) => { (() => {`+
		strings.Replace(snippets[3], "const headers = {", "const headers = window.snippetHeaders = {", 1)+
		`})(); const wait = () => window.snippetHeaders ? resolve(window.snippetHeaders.Authorization) : setTimeout(wait, 10); wait(); })`, &header)
	tb.eval(`authgear.accessToken`, &token)
	if token == "" || header != "Bearer "+token {
		t.Errorf("the refreshAccessTokenIfNeeded snippet built %q", prefix(header))
	}
	checkVerifierWithProviderTokens(t, f, token)
}

func TestInterop_LogoutRevokesAndReturnsThroughEndSession(t *testing.T) {
	t.Parallel()
	srv, f := startInterop(t, time.Minute, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	interopLogin(t, tb, "alice")
	rt := storedRefreshToken(tb)

	mark := tb.requestCount()
	tb.run(chromedp.Click("#logout", chromedp.ByQuery))
	// The provider asks the user to confirm (its own page); the user says yes.
	tb.waitForPage(f.issuer, `document.querySelector("button[name=logout]")`, 20*time.Second)
	// The SDK revoked the refresh token (RFC 7009) before it left the app.
	if n := f.events("grant.revoked"); n != 1 {
		t.Errorf("before end-session the provider had revoked %d grants, want 1", n)
	}
	tb.run(chromedp.Click("button[name=logout]", chromedp.ByQuery))
	tb.waitForPage(srv.AppURL+"/", `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	if n := f.events("end_session.success"); n != 1 {
		t.Errorf("end_session.success %d times, want 1", n)
	}
	var sawHint bool
	for _, r := range tb.requestsSince(mark) {
		if strings.HasPrefix(r, "GET "+f.issuer+"/session/end?") {
			sawHint = strings.Contains(r, "id_token_hint=") && strings.Contains(r, "post_logout_redirect_uri=")
		}
	}
	if !sawHint {
		t.Error("the end-session request carried no id_token_hint with its post_logout_redirect_uri")
	}
	var keys []string
	tb.eval(`Object.keys(localStorage).filter((k) => k.startsWith("authgear_default_"))`, &keys)
	if len(keys) != 0 {
		t.Errorf("storage after logout: %v", keys)
	}
	if got := f.refreshWith(rt); got != "invalid_grant" {
		t.Errorf("the refresh token after logout: %q, want invalid_grant", got)
	}
}

func TestInterop_RefusedAuthorizationAndWrongPKCEVerifierStoreNothing(t *testing.T) {
	t.Parallel()
	srv, f := startInterop(t, time.Minute, devserver.Config{})
	// On the redirect back, before the SDK reads it, the stored verifier is replaced:
	// the provider must refuse the code (RFC 7636 §4.6).
	swap := `if (location.search.includes("code=")) localStorage.setItem("authgear_default_oidcCodeVerifier", "x".repeat(64));`
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/", swap)
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)

	// First the provider refuses the authorization request itself (prompt=none without a
	// session: login_required, OIDC Core §3.1.2.6): the app gets an OAuthError.
	tb.eval(`authgear.startAuthentication({ redirectURI: location.origin + "/", prompt: "none" })`, nil)
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && document.querySelector("#output").textContent !== ""`, 20*time.Second)
	assertOutputAndNothingStored(t, tb, "OAuthError: ")
	var href string
	tb.eval(`location.href`, &href)
	if strings.Contains(href, "error=") || strings.Contains(href, "iss=") {
		t.Errorf("the error response stayed in the address bar: %s", href)
	}
	tb.run(chromedp.Click("#login", chromedp.ByQuery))
	tb.waitForPage(f.issuer, `document.querySelector("input[name=login]")`, 20*time.Second)
	tb.run(
		chromedp.SendKeys("input[name=login]", "alice", chromedp.ByQuery),
		chromedp.SendKeys("input[name=password]", "any password", chromedp.ByQuery),
		chromedp.Click("button[type=submit]", chromedp.ByQuery),
	)
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && document.querySelector("#output").textContent !== ""`, 20*time.Second)
	assertOutputAndNothingStored(t, tb, "OAuthError: ")
	if n := f.events("grant.error authorization_code invalid_grant"); n != 1 {
		t.Fatalf("the provider refused %d codes with invalid_grant, want 1", n)
	}
}
