package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// settingsStep is one settings action as an app calls it: the start member and its
// arguments, the devidp page it lands on and what the user types there, and what
// userinfo shows afterwards.
type settingsStep struct {
	start, finish, action, original, alias string
	page                                   string
	fields                                 [][2]string // input id, value
	shows                                  string      // a JS condition on the userinfo's raw claims `u`
	reload                                 bool        // reload the page between the redirect and finish
}

// settingsSteps run in order on one user: each depends on what the one before changed.
var settingsSteps = []settingsStep{
	{start: "startAddEmail", finish: "finishAddEmail", action: "add_email", page: "/settings/identity/add_email",
		fields: [][2]string{{"value", "alice@wonder.land"}}, reload: true,
		shows: `u["https://authgear.com/claims/user/identities"].filter((i) => i.login_id_type === "email").length === 2`},
	{start: "startAddPhone", finish: "finishAddPhone", action: "add_phone", page: "/settings/identity/add_phone",
		fields: [][2]string{{"value", "+85291234567"}}, shows: `u.phone_number === "+85291234567"`},
	{start: "startChangePhone", finish: "finishChangePhone", action: "change_phone", original: "+85291234567",
		page: "/settings/identity/change_phone", fields: [][2]string{{"value", "+85290000000"}}, shows: `u.phone_number === "+85290000000"`},
	{start: "startAddUsername", finish: "finishAddUsername", action: "add_username", page: "/settings/identity/add_username",
		fields: [][2]string{{"value", "alice2"}},
		shows:  `u["https://authgear.com/claims/user/identities"].filter((i) => i.login_id_type === "username").length === 2`},
	{start: "startChangeEmail", finish: "finishChangeEmail", action: "change_email", original: "alice@example.com",
		page: "/settings/identity/change_email", fields: [][2]string{{"value", "a@wonder.land"}}, shows: `u.email === "a@wonder.land"`},
	{start: "startChangeUsername", finish: "finishChangeUsername", action: "change_username", original: "alice",
		page: "/settings/identity/change_username", fields: [][2]string{{"value", "liddell"}}, shows: `u.preferred_username === "liddell"`},
	{start: "startLinkOAuth", finish: "finishLinkOAuth", action: "link_oauth", alias: devserver.UpstreamConnection,
		page: "/settings/identity/oauth", shows: `u["https://authgear.com/claims/user/identities"].some((i) => i.oauth_provider_alias === "upstream")`},
	{start: "startUnlinkOAuth", finish: "finishUnlinkOAuth", action: "unlink_oauth", alias: devserver.UpstreamConnection,
		page: "/settings/identity/oauth", shows: `!u["https://authgear.com/claims/user/identities"].some((i) => i.type === "oauth")`},
	{start: "startDeleteAccount", finish: "finishDeleteAccount", action: "delete_account", page: "/settings/delete_account"},
}

// The return page skips the demo's own finish (manual=1): the test calls finish<Action>.
const settingsReturnJS = `location.origin + "/?manual=1&flow=settings"`

func TestSettingsActions_EachRoundTripsThroughItsPage(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/", wireRecorder)
	loginThroughForm(t, tb, "alice", "wonderland")

	// The demo's "Change password" button: start, the page, and the demo's finish.
	mark := tb.requestCount()
	tb.run(chromedp.Click("#change-password", chromedp.ByQuery))
	settingsForm(t, tb, srv, "/settings/change_password", [][2]string{{"password", "wonderland"}, {"new_password", "looking-glass"}})
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && document.querySelector("#output").textContent.includes("password changed")`, 20*time.Second)
	checkSettingsWire(t, tb, srv, mark, "change_password", "", "", "/?flow=change-password")
	if c := srv.IdP.Counts(); c["settings_action:change_password"] != 1 {
		t.Fatalf("provider counts %v: the password was not changed", c)
	}
	var refreshToken string
	tb.eval(`localStorage.getItem("authgear_default_refreshToken")`, &refreshToken)

	// The provider's refusal comes back on the redirect: finish rejects with OAuthError and
	// the session stays. The cookie session type refuses with a typed error, sending nothing.
	// Fired, not awaited: start navigates away, and an evaluation awaiting across the
	// navigation fails with "Inspected target navigated or closed" when the page goes first.
	tb.eval(`void authgear.startLinkOAuth({ redirectURI: `+settingsReturnJS+`, oauthProviderAlias: "nowhere" })`, nil)
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && location.search.includes("error=")`, 20*time.Second)
	if e := tb.evalError(`demo.configure().then(() => authgear.finishLinkOAuth())`); e.Name != "OAuthError" || e.Error != "invalid_request" ||
		e.SessionState != "AUTHENTICATED" {
		t.Fatalf("finishLinkOAuth after the provider refused: %+v", e)
	}
	mark = tb.requestCount()
	e := tb.evalError(`(async () => { const c = new authgear.WebContainer({ name: "cookie" });
	  await c.configure({ clientID: "demo", endpoint: demo.config.endpoint, sessionType: "cookie" });
	  await c.startChangePassword({ redirectURI: location.origin + "/" }); })()`)
	if !e.IsAuthgear || e.Code != "unsupported_in_cookie_mode" || len(tb.requestsSince(mark)) != 0 {
		t.Fatalf("a settings action in cookie mode: %+v, requests %v", e, tb.requestsSince(mark))
	}

	for _, step := range settingsSteps {
		mark := tb.requestCount()
		args := "{ redirectURI: " + settingsReturnJS + `, state: "mine", uiLocales: ["fr"]`
		if step.alias != "" {
			args += ", oauthProviderAlias: " + jsString(step.alias)
		}
		args += " }"
		if step.original != "" {
			args = jsString(step.original) + ", " + args
		}
		tb.eval(`void authgear.`+step.start+`(`+args+`)`, nil) // fired: it navigates away
		settingsForm(t, tb, srv, step.page, step.fields)
		tb.waitForPage(srv.AppURL, `location.search.includes("code=")`, 20*time.Second)
		if step.reload {
			tb.run(chromedp.Reload())
			tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && location.search.includes("code=")`, 20*time.Second)
		}
		tb.eval(`demo.configure().then(() => authgear.`+step.finish+`()).then(() => true)`, nil)
		checkSettingsWire(t, tb, srv, mark, step.action, step.original, step.alias, "/?manual=1&flow=settings")
		var after struct {
			State, Reasons, RefreshToken string
			Pending                      bool
			Shows                        bool
		}
		shows := "true"
		if step.shows != "" {
			shows = `await authgear.fetchUserInfo().then(({ raw: u }) => ` + step.shows + `)`
		}
		tb.eval(`(async () => ({ State: authgear.sessionState, Reasons: demo.reasons.join(" "),
		  RefreshToken: localStorage.getItem("authgear_default_refreshToken") ?? "",
		  Pending: Object.keys(localStorage).some((k) => k.includes("_oidc")), Shows: `+shows+` }))()`, &after)
		if after.Pending {
			t.Errorf("%s: one-time values left in storage", step.finish)
		}
		if step.action == "delete_account" {
			// The user no longer exists: the session ends, and its refresh token is dead.
			if after.State != "NO_SESSION" || after.Reasons != "FOUND_TOKEN INVALID" || after.RefreshToken != "" {
				t.Fatalf("after finishDeleteAccount: %+v", after)
			}
			resp, err := http.PostForm(srv.IdPURL+"/oauth2/token", url.Values{"grant_type": {"refresh_token"},
				"refresh_token": {refreshToken}, "client_id": {devserver.DefaultClientID}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("the deleted user's refresh token: HTTP %d, want 400 invalid_grant", resp.StatusCode)
			}
			mark := tb.requestCount()
			if e := tb.evalError(`authgear.startChangePassword({ redirectURI: location.origin + "/" })`); !e.IsAuthgear ||
				e.Code != "no_session" || len(tb.requestsSince(mark)) != 0 {
				t.Fatalf("a settings action signed out: %+v, requests %v", e, tb.requestsSince(mark))
			}
			continue
		}
		if after.State != "AUTHENTICATED" || after.Reasons != "FOUND_TOKEN" || after.RefreshToken != refreshToken || !after.Shows {
			t.Fatalf("after %s: state %s, reasons %q, refresh token kept %t, change shows in userinfo %t", step.finish,
				after.State, after.Reasons, after.RefreshToken == refreshToken, after.Shows)
		}
	}
}

// settingsForm waits for a devidp settings page, fills it and submits it.
func settingsForm(t *testing.T, tb *tab, srv *devserver.Server, page string, fields [][2]string) {
	t.Helper()
	tb.waitForPage(srv.IdPURL+page, `document.querySelector("#settings-submit") && document.querySelector("#settings-user").textContent !== ""`, 20*time.Second)
	var actions []chromedp.Action
	for _, f := range fields {
		actions = append(actions, chromedp.SendKeys("#"+f[0], f[1], chromedp.ByID))
	}
	tb.run(append(actions, chromedp.Click("#settings-submit", chromedp.ByID))...)
}

// checkSettingsWire checks, and logs as the closing note's trace, what a settings action
// sent: the app session token, the authorize request and the settings-action grant.
func checkSettingsWire(t *testing.T, tb *tab, srv *devserver.Server, mark int, action, original, alias, returnPath string) {
	t.Helper()
	var authorize *url.URL
	appSessionTokens := 0
	for _, r := range tb.requestsSince(mark) {
		if r == "POST "+srv.IdPURL+"/oauth2/app_session_token" {
			appSessionTokens++
		}
		if u, err := url.Parse(strings.TrimPrefix(r, "GET ")); err == nil && u.Path == "/oauth2/authorize" && authorize == nil {
			authorize = u
		}
	}
	if authorize == nil || appSessionTokens != 1 {
		t.Fatalf("%s: authorize seen %t, app session tokens %d", action, authorize != nil, appSessionTokens)
	}
	q := authorize.Query()
	want := map[string]string{"response_type": "urn:authgear:params:oauth:response-type:settings-action",
		"scope": "openid https://authgear.com/scopes/full-access", "x_settings_action": action, "code_challenge_method": "S256",
		"x_sso_enabled": "false", "x_suppress_idp_session_cookie": "true", "redirect_uri": srv.AppURL + returnPath,
		"x_oauth_provider_alias": alias, "x_settings_action_query": ""}
	if original != "" {
		want["x_settings_action_query"] = url.Values{"q_login_id": {original}}.Encode()
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("%s: authorize %s = %q, want %q", action, k, q.Get(k), v)
		}
	}
	hint, _ := url.Parse(q.Get("login_hint"))
	if hint == nil || hint.Query().Get("type") != "app_session_token" || q.Get("id_token_hint") == "" || len(q.Get("code_challenge")) != 43 ||
		q.Get("state") == "" || q.Get("state") == "mine" || q.Has("offline_access") {
		t.Errorf("%s: authorize %s", action, redactQuery(q))
	}
	var grant *wireRequest
	for _, r := range wireSince(tb, 0) {
		if strings.HasPrefix(r.Body, "grant_type=urn%3Aauthgear%3Aparams%3Aoauth%3Agrant-type%3Asettings-action&") {
			grant = &r
		}
	}
	if grant == nil || !strings.Contains(grant.Body, "&redirect_uri="+url.QueryEscape(srv.AppURL+returnPath)+"&") ||
		!strings.Contains(grant.Body, "&code_verifier=") || !strings.Contains(grant.Body, "&code=") || grant.Authorization != "" {
		t.Fatalf("%s: no settings-action grant with the code, the exact redirect URI and the verifier: %s", action, describeWire(wireSince(tb, 0)))
	}
	t.Logf("wire: %s: POST /oauth2/app_session_token; GET /oauth2/authorize?%s; POST /oauth2/token %s", action, redactQuery(q), redactBody(grant.Body))
}
