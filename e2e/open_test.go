package e2e

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

func TestOpenSettings_NewTabFromAClickLandsSignedIn(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/", wireRecorder)
	loginThroughForm(t, tb, "alice", "wonderland")

	// Without a click Chrome's popup blocker refuses the tab: a typed error, no request.
	tb.expectConsoleErrors()
	mark, wmark := tb.requestCount(), wireMark(tb)
	e := tb.evalError(`authgear.open("/settings")`)
	if e.Code != "popup_blocked" || !e.IsAuthgear || len(wireSince(tb, wmark)) != 0 {
		t.Fatalf("open() without a click: %+v, wire %s", e, describeWire(wireSince(tb, wmark)))
	}

	// From a click the tab opens (blank, before the app session token request) and lands
	// on the settings page signed in.
	// Only a tab this page opened: tests run in parallel in one browser, and another
	// test's new tab must not be taken for this one.
	self := chromedp.FromContext(tb.ctx).Target.TargetID
	opened := chromedp.WaitNewTarget(tb.ctx, func(i *target.Info) bool { return i.Type == "page" && i.OpenerID == self })
	tb.run(chromedp.Click("#settings", chromedp.ByQuery))
	var id target.ID
	select {
	case id = <-opened:
	case <-time.After(20 * time.Second):
		t.Fatal("no tab opened")
	}
	ctx, cancel := chromedp.NewContext(tb.ctx, chromedp.WithTargetID(id))
	t.Cleanup(cancel)
	settings := &tab{t: t, ctx: ctx}
	settings.waitForPage(srv.IdPURL+"/settings", `document.querySelector("#settings-user") && document.querySelector("#settings-user").textContent === "alice"`, 20*time.Second)
	wire := wireSince(tb, wmark)
	t.Logf("wire: open(Page.Settings) from a click: %s", describeWire(wire))
	if len(wire) == 0 || wire[len(wire)-1].Method != "POST" || !strings.HasSuffix(wire[len(wire)-1].URL, "/oauth2/app_session_token") ||
		!strings.HasPrefix(wire[len(wire)-1].Body, `{"refresh_token":"`) || !strings.HasPrefix(wire[len(wire)-1].Authorization, "DPoP ") || wire[len(wire)-1].DPoP == "" {
		t.Fatalf("open() sent %s, want POST /oauth2/app_session_token {refresh_token} with the DPoP token and a proof", describeWire(wire))
	}
	if c := srv.IdP.Counts(); c["app_session_token"] != 1 || c["app_session"] != 1 || c["settings"] != 1 {
		t.Fatalf("provider counts %v, want one app session token, spent once, one settings page", c)
	}

	// openInSameTab: the authorize URL of Authgear's app-session login, in this tab.
	mark = tb.requestCount()
	tb.eval(`authgear.open("/settings", { openInSameTab: true, uiLocales: ["fr"] }).then(() => true)`, nil)
	tb.waitForPage(srv.IdPURL+"/settings", `document.querySelector("#settings-user") && document.body.dataset.uiLocales === "fr"`, 20*time.Second)
	var authorize *url.URL
	for _, r := range tb.requestsSince(mark) {
		if u, err := url.Parse(strings.TrimPrefix(r, "GET ")); err == nil && u.Path == "/oauth2/authorize" {
			authorize = u
		}
	}
	if authorize == nil {
		t.Fatal("no authorize request seen")
	}
	q := authorize.Query()
	t.Logf("wire: open(Page.Settings, { openInSameTab, uiLocales }): GET %s?%s", authorize.Path, redactQuery(q))
	for k, want := range map[string]string{"response_type": "none", "prompt": "none", "client_id": srv.ClientID,
		"redirect_uri": srv.IdPURL + "/settings?ui_locales=fr", "x_sso_enabled": "false",
		"scope": "openid offline_access https://authgear.com/scopes/full-access"} {
		if q.Get(k) != want {
			t.Errorf("authorize %s = %q, want %q", k, q.Get(k), want)
		}
	}
	if hint := q.Get("login_hint"); !strings.HasPrefix(hint, "https://authgear.com/login_hint?type=app_session_token&app_session_token=") || q.Has("code_challenge") {
		t.Errorf("login_hint %q / PKCE present %t", shorten(hint), q.Has("code_challenge"))
	}
}
