package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestScriptTag_DefaultAndNamedExports: @authgear/web's script tag makes window.authgear the
// module namespace, so Authgear's website guide writes `window.authgear.default`. Under
// wasmgear that is the same container as window.authgear, the module's named exports hang
// on it, and the reference page's snippets run against `window.authgear.default`.
func TestScriptTag_DefaultAndNamedExports(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitFor(`typeof demo !== "undefined"`, 20*time.Second)
	var shape string
	tb.eval(`[window.authgear.default === window.authgear, authgear.default.Page.Settings,
		authgear.SettingsAction.LinkOAuth, authgear.ErrorName.Forbidden, authgear.IdentityType.Anonymous,
		typeof authgear.TransientTokenStorage, typeof authgear.PreAuthenticatedURLNotAllowedError,
		authgear.default.sessionType, new authgear.ServerError("m", "Forbidden", "AnonymousUserDisallowed").reason].join(",")`, &shape)
	if want := "true,/settings,link_oauth,Forbidden,anonymous,function,function,refresh_token,AnonymousUserDisallowed"; shape != want {
		t.Errorf("script-tag shape = %s, want %s", shape, want)
	}
	loginThroughForm(t, tb, "alice", "wonderland")

	snippets := referenceSnippets(t)
	bind := `const authgear = window.authgear.default;`
	tb.eval(`(async () => { `+bind+withValues(snippets[0], srv, "")+`})()`, nil)
	tb.waitFor(`window.authgear.default.sessionState === "AUTHENTICATED"`, 5*time.Second)
	userinfoBefore := srv.IdP.Counts()["userinfo"]
	tb.eval(`(() => {`+bind+snippets[1]+`})()`, nil)
	waitUntil(t, "the snippet's fetchUserInfo through .default", func() bool { return srv.IdP.Counts()["userinfo"] == userinfoBefore+1 })
	apiBefore := len(srv.APIRequests())
	tb.eval(`(() => {`+bind+withValues(snippets[2], srv, "/api/me")+`})()`, nil)
	waitUntil(t, "the snippet's fetch through .default", func() bool { return len(srv.APIRequests()) == apiBefore+1 })
	if r := srv.APIRequests()[apiBefore]; !strings.HasPrefix(r.Authorization, "DPoP ") {
		t.Errorf("authgear.default.fetch sent no token")
	}
}

// TestConfigureFetch_CarriesTheAppsRequestsToo: as in @authgear/web, configure's fetch is
// used for every request the container makes, authgear.fetch included, so an app's tracing
// or proxy wrapper sees its API calls with the token the SDK added (DPoP against devidp).
func TestConfigureFetch_CarriesTheAppsRequestsToo(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	var seen string
	tb.eval(`(async () => {
		window.seenByWrapper = [];
		await authgear.configure({ clientID: `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+`,
			fetch: (input, init) => { const r = new Request(input, init); seenByWrapper.push(new URL(r.url).pathname + " " + (r.headers.get("Authorization") || "").split(" ")[0]); return fetch(r); } });
		const response = await authgear.fetch("/api/me");
		return response.status + " " + seenByWrapper.filter((s) => s.startsWith("/api/")).join(",");
	})()`, &seen)
	if seen != "200 /api/me DPoP" {
		t.Errorf("status and the wrapper's view of the app's requests: %q, want %q", seen, "200 /api/me DPoP")
	}
}
