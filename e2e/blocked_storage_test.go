package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// blockWebStorage makes window[name] throw a SecurityError, as Chrome does when the user
// blocks site data; as an init script it holds on every page of the tab.
func blockWebStorage(names ...string) string {
	var b strings.Builder
	for _, name := range names {
		b.WriteString(`Object.defineProperty(window, "` + name + `", { configurable: true,
		  get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });`)
	}
	return b.String()
}

// With localStorage blocked but sessionStorage working, the login's one-time values and
// the session live in sessionStorage: the login completes across the redirect, the warning
// says where the session went, and a reload of the tab is still signed in.
func TestBlockedLocalStorage_LoginCompletesThroughSessionStorage(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/", blockWebStorage("localStorage"))
	loginThroughForm(t, tb, "alice", "wonderland")
	var stored bool
	tb.eval(`Object.keys(sessionStorage).includes("authgear_default_refreshToken")`, &stored)
	if !stored {
		t.Error("the refresh token is not in sessionStorage")
	}
	warnings := tb.warningsSeen()
	if len(warnings) == 0 || !strings.Contains(warnings[0], "kept in sessionStorage") {
		t.Errorf("console warnings %q, want one saying the session is kept in sessionStorage", warnings)
	}
	tb.eval(`location.reload(), true`, nil)
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
}

// With both web storages blocked, startAuthentication rejects at once with
// storage_unavailable instead of sending the user to a login that cannot complete, and
// the warning says so.
func TestBlockedWebStorage_StartAuthenticationFailsEarly(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/?manual=1", blockWebStorage("localStorage", "sessionStorage"))
	tb.eval(configureJS(srv), nil)
	before := srv.IdP.Counts()["authorize"]
	var code string
	tb.eval(`authgear.startAuthentication({ redirectURI: location.origin + "/" }).then(() => "resolved", (e) => e.code)`, &code)
	if code != "storage_unavailable" {
		t.Fatalf("startAuthentication: %q, want a rejection with code storage_unavailable", code)
	}
	var href string
	tb.eval(`location.href`, &href)
	if !strings.HasPrefix(href, srv.AppURL) || srv.IdP.Counts()["authorize"] != before {
		t.Errorf("the page went to %s (authorize requests %d)", href, srv.IdP.Counts()["authorize"]-before)
	}
	warnings := strings.Join(tb.warningsSeen(), "\n")
	if !strings.Contains(warnings, "a login cannot complete") {
		t.Errorf("console warnings %q, want one saying a login cannot complete", warnings)
	}
}
