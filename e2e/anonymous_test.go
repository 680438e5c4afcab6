package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// anonymousApp serves a page that configures the script tag and, back from the provider
// with a code, calls finishPromoteAnonymousUser: the page of an app that promotes users.
func anonymousApp(t *testing.T) *devserver.Server {
	t.Helper()
	root := t.TempDir()
	copyScriptTagBuild(t, filepath.Join(repoRoot, "web", "dist"), filepath.Join(root, "vendor", "wasmgear"))
	srv := startAppAt(t, root, devserver.Config{})
	page := `<!doctype html><title>anonymous</title>
<script src="/vendor/wasmgear/authgear.js"></script>
<script>
authgear.configure({ clientID: ` + jsString(srv.ClientID) + `, endpoint: ` + jsString(srv.IdPURL) + ` }).then(async () => {
  if (location.search.includes("code=")) window.promoted = await authgear.finishPromoteAnonymousUser();
  window.configured = true;
}).catch((e) => { window.failed = String(e); });
</script>`
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	return srv
}

// TestAnonymous_SignUpThenPromoteKeepsTheSub: an anonymous user signs up with one call
// (AUTHENTICATED, is_anonymous), is promoted on the provider's page with a username and a
// password of its choosing, and comes back signed in as the same sub, no longer anonymous.
func TestAnonymous_SignUpThenPromoteKeepsTheSub(t *testing.T) {
	t.Parallel()
	srv := anonymousApp(t)
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitFor(`window.configured === true`, 20*time.Second)
	var anon []any
	tb.eval(`authgear.authenticateAnonymously().then((r) => [r.userInfo.sub, r.userInfo.isAnonymous, authgear.sessionState,
		typeof authgear.accessToken, localStorage.getItem("authgear_default_refreshToken") !== null])`, &anon)
	if len(anon) != 5 || anon[1] != true || anon[2] != "AUTHENTICATED" || anon[3] != "string" || anon[4] != true {
		t.Fatalf("after authenticateAnonymously: %v", anon)
	}
	sub := anon[0]

	tb.eval(`authgear.startPromoteAnonymousUser({ redirectURI: location.origin + "/", state: "promoting" }).catch((e) => { window.failed = String(e); }), true`, nil)
	tb.waitForPage("http", `!location.href.startsWith(`+jsString(srv.AppURL)+`) && document.body.dataset.promote === "true"`, 20*time.Second)
	tb.run(
		chromedp.SendKeys("#username", "carol", chromedp.ByQuery),
		chromedp.SendKeys("#password", "looking-glass", chromedp.ByQuery),
		chromedp.Click("#login", chromedp.ByQuery),
	)
	tb.waitForPage(srv.AppURL, `window.promoted !== undefined || window.failed !== undefined`, 20*time.Second)
	var promoted []any
	tb.eval(`[window.failed || "", promoted.userInfo.sub, promoted.userInfo.isAnonymous, promoted.userInfo.preferredUsername,
		promoted.state, authgear.sessionState]`, &promoted)
	want := []any{"", sub, false, "carol", "promoting", "AUTHENTICATED"}
	for i := range want {
		if i >= len(promoted) || promoted[i] != want[i] {
			t.Fatalf("after finishPromoteAnonymousUser: %v, want %v", promoted, want)
		}
	}
}

// TestAnonymous_DisabledIsAuthgearsServerError: with anonymous users off, sign-up rejects
// with the ServerError Authgear answers (name and reason Invalid), and no session starts.
func TestAnonymous_DisabledIsAuthgearsServerError(t *testing.T) {
	t.Parallel()
	srv := anonymousApp(t)
	srv.IdP.SetAnonymousUsers(false)
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitFor(`window.configured === true`, 20*time.Second)
	var got string
	tb.eval(`authgear.authenticateAnonymously().then(() => "resolved", (e) => [e instanceof authgear.ServerError,
		e instanceof authgear.AuthgearError, e.name, e.reason, e.message, e.status, authgear.sessionState].join("|"))`, &got)
	if want := "true|true|Invalid|Invalid|anonymous user disallowed|400|NO_SESSION"; got != want {
		t.Errorf("authenticateAnonymously with anonymous users off: %s, want %s", got, want)
	}
	var promote string
	tb.eval(`authgear.startPromoteAnonymousUser({ redirectURI: location.origin + "/" }).then(() => "resolved", (e) => [e.name, e.reason, e.status].join("|"))`, &promote)
	if want := "Unauthorized|Unauthorized|401"; promote != want {
		t.Errorf("startPromoteAnonymousUser without a session: %s, want %s", promote, want)
	}
}

// TestAnonymous_CookieMode: in cookie mode the sign-up answers no token; the provider's
// session cookie is the session, and userinfo (with the cookie) names the anonymous user.
func TestAnonymous_CookieMode(t *testing.T) {
	t.Parallel()
	srv := anonymousApp(t)
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitFor(`window.configured === true`, 20*time.Second)
	var got string
	tb.eval(`authgear.configure({ clientID: `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+`, sessionType: "cookie" })
		.then(() => authgear.authenticateAnonymously())
		.then((r) => [r.userInfo.isAnonymous, r.userInfo.sub.startsWith("anon-"), authgear.accessToken === undefined,
			localStorage.getItem("authgear_default_refreshToken"), authgear.sessionType].join("|"))`, &got)
	if want := "true|true|true||cookie"; got != want {
		t.Errorf("cookie-mode anonymous sign-up: %s, want %s", got, want)
	}
}
