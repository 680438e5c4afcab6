package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// cookieState is the page's view of a cookie-mode session.
type cookieState struct {
	State   string   `json:"state"`
	Reasons string   `json:"reasons"`
	Token   bool     `json:"hasToken"`
	Keys    []string `json:"keys"`
	Type    string   `json:"type"`
}

const cookieStateJS = `({ state: authgear.sessionState, reasons: demo.reasons.join(" "), hasToken: authgear.accessToken !== undefined,
  keys: Object.keys(localStorage).filter((k) => k.endsWith("_refreshToken") || k.endsWith("_idToken")), type: authgear.sessionType })`

func TestCookieMode_LoginUserInfoAPICallAndLogout(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{ResolverMode: true, ResolverCacheTTL: devserver.NoResolverCache})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/?mode=cookie")
	tb.waitFor(`authgear.sessionType === "cookie"`, 20*time.Second)
	var st cookieState
	tb.eval(cookieStateJS, &st)
	if st.State != "UNKNOWN" || st.Reasons != "" {
		t.Fatalf("cookie mode before any server call: %+v, want UNKNOWN (the cookie is HttpOnly: only the server knows)", st)
	}

	// Login through the provider's form: it sets its HttpOnly session cookie; no code,
	// no token comes back.
	loginWithCookie(t, tb, "alice", "wonderland")
	tb.eval(cookieStateJS, &st)
	if st.State != "AUTHENTICATED" || st.Reasons != "AUTHENTICATED" || st.Token || len(st.Keys) != 0 {
		t.Fatalf("after a cookie-mode login: %+v, want AUTHENTICATED with no token in memory or storage", st)
	}
	if c := srv.IdP.Counts(); c["token:authorization_code"] != 0 || c["token:refresh_token"] != 0 {
		t.Fatalf("cookie mode used the token endpoint: %v", c)
	}

	// A new page knows nothing until fetchUserInfo asks with the cookie.
	tb.run(chromedp.Navigate(srv.AppURL + "/?mode=cookie"))
	tb.waitFor(`typeof demo !== "undefined" && authgear.sessionType === "cookie"`, 20*time.Second)
	var sub string
	tb.eval(`authgear.fetchUserInfo().then((u) => u.sub)`, &sub)
	tb.eval(cookieStateJS, &st)
	if sub == "" || st.State != "AUTHENTICATED" || st.Reasons != "AUTHENTICATED" {
		t.Fatalf("fetchUserInfo with the session cookie: sub %q, %+v", sub, st)
	}

	// The API call carries the cookie, not a token; the resolver vouches for it.
	srv.ResetAPIRequests()
	var got fetchResult
	tb.eval(fetchJS(`"/api/me"`), &got)
	reqs := srv.APIRequests()
	if got.Status != 200 || !strings.Contains(got.Body, `"sub":"`+sub+`"`) || !strings.Contains(got.Body, `"mode":"resolver"`) {
		t.Fatalf("authgear.fetch(/api/me) in cookie mode: %d %s", got.Status, got.Body)
	}
	if len(reqs) != 1 || !reqs[0].Cookie || reqs[0].Authorization != "" {
		t.Fatalf("the API received %s, want one request with the cookie and no Authorization", describe(reqs))
	}

	// Logout goes to the provider's end_session, which ends the cookie session.
	tb.eval(`window.beforeLogout = true`, nil)
	tb.run(chromedp.Click("#logout", chromedp.ByQuery))
	waitUntil(t, "end_session", func() bool { return srv.IdP.Counts()["end_session"] == 1 })
	tb.waitForPage(srv.AppURL+"/?mode=cookie", `!window.beforeLogout && typeof demo !== "undefined" && authgear.sessionType === "cookie"`, 20*time.Second)
	if n := srv.IdP.Counts()["revoke"]; n != 0 {
		t.Fatalf("cookie mode sent %d token revocations; it has no token", n)
	}
	fail := tb.evalError(`authgear.fetchUserInfo()`)
	tb.eval(cookieStateJS, &st)
	if !fail.Rejected || fail.SessionState != "NO_SESSION" || st.Reasons != "INVALID" {
		t.Fatalf("fetchUserInfo after logout: %+v, page %+v; want a rejection and NO_SESSION (INVALID)", fail, st)
	}
	srv.ResetAPIRequests()
	tb.eval(fetchJS(`"/api/me"`), &got)
	if reqs := srv.APIRequests(); got.Status != 401 || len(reqs) != 1 || reqs[0].Cookie {
		t.Fatalf("API call after logout: %d, requests %s; want 401 without a session cookie", got.Status, describe(reqs))
	}
}

func TestCookieMode_CredentialsGoOnlyToAllowedOrigins(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{ResolverMode: true, ResolverCacheTTL: devserver.NoResolverCache})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/?mode=cookie")
	tb.waitFor(`authgear.sessionType === "cookie"`, 20*time.Second)
	loginWithCookie(t, tb, "alice", "wonderland")
	other := startOriginRecorder(t, srv.AppURL)

	// The provider's cookie is host-only for 127.0.0.1, so the browser would send it to
	// any port — if the request included credentials. Another origin is not an API origin
	// by default: the request is sent as the caller wrote it (credentials "same-origin").
	var got fetchResult
	tb.eval(fetchJS(jsString(other.URL+"/data")), &got)
	if seen := other.requests(); got.Status != 200 || len(seen) != 1 || seen[0].Cookie {
		t.Fatalf("default policy: status %d, other origin received %+v, want one request without cookies", got.Status, seen)
	}
	// Listed in apiOrigins: credentials are included, so the session cookie goes along.
	tb.eval(`authgear.configure({ clientID: `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+
		`, sessionType: "cookie", apiOrigins: [`+jsString(other.URL)+`] })`, nil)
	tb.eval(fetchJS(jsString(other.URL+"/data")), &got)
	if seen := other.requests(); got.Status != 200 || len(seen) != 2 || !seen[1].Cookie || seen[1].Authorization != "" {
		t.Fatalf("listed origin: status %d, received %+v, want the cookie and no Authorization", got.Status, seen)
	}
	// A caller's explicit credentials mode is kept.
	tb.eval(fetchJS(jsString(other.URL+"/data")+`, { credentials: "omit" }`), &got)
	if seen := other.requests(); len(seen) != 3 || seen[2].Cookie {
		t.Fatalf("credentials: \"omit\" was overridden: %+v", seen)
	}
}

// loginWithCookie is loginThroughForm for a cookie-mode page, which stays UNKNOWN until
// a server call: it waits for the configured page instead of a known session state.
func loginWithCookie(t *testing.T, tb *tab, username, password string) {
	t.Helper()
	app := tb.origin()
	tb.waitForPage(app, `typeof demo !== "undefined" && authgear.sessionType === "cookie"`, 20*time.Second)
	tb.run(chromedp.Click("#login", chromedp.ByQuery))
	fillLoginForm(t, tb, app, username, password)
	tb.waitForPage(app, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED" && document.querySelector("#output").textContent.includes("sub")`, 20*time.Second)
}
