package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

func TestConfigure_StateReasonsAndPersistenceAcrossReload(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/?manual=1")

	var before struct {
		State       string `json:"state"`
		AccessToken bool   `json:"hasAccessToken"`
	}
	tb.eval(`({ state: authgear.sessionState, hasAccessToken: authgear.accessToken !== undefined })`, &before)
	if before.State != "UNKNOWN" || before.AccessToken {
		t.Fatalf("before configure: %+v, want UNKNOWN and no access token", before)
	}

	tb.eval(configureJS(srv), nil)
	assertStateAndReasons(t, tb, "NO_SESSION", "NO_TOKEN")

	// A stored refresh token (Authgear's key) is a session after a reload.
	tb.eval(`localStorage.setItem("authgear_default_refreshToken", "rt-from-a-previous-visit")`, nil)
	tb.run(chromedp.Reload())
	tb.eval(configureJS(srv), nil)
	assertStateAndReasons(t, tb, "AUTHENTICATED", "FOUND_TOKEN")
	var token any
	tb.eval(`authgear.accessToken`, &token)
	if token != nil {
		t.Fatalf("accessToken = %v before any refresh, want undefined", token)
	}

	mark := tb.requestCount()
	tb.eval(`authgear.clearSessionState()`, nil)
	assertStateAndReasons(t, tb, "NO_SESSION", "FOUND_TOKEN CLEAR")
	var stored any
	tb.eval(`localStorage.getItem("authgear_default_refreshToken")`, &stored)
	if stored != nil {
		t.Fatalf("refresh token still stored after clearSessionState: %v", stored)
	}
	if reqs := tb.requestsSince(mark); len(reqs) != 0 {
		t.Fatalf("clearSessionState sent requests: %v", reqs)
	}
	tb.run(chromedp.Reload())
	tb.eval(configureJS(srv), nil)
	assertStateAndReasons(t, tb, "NO_SESSION", "NO_TOKEN")
}

func TestConfigure_SendsNoRequest(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	srv.IdP.ResetCounts() // the demo API's JWT verifier read discovery and keys at start
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/?manual=1")

	// The first call may still be waiting for the SDK's own module, which the script tag
	// started loading; it must not contact anything else.
	mark := tb.requestCount()
	tb.eval(configureJS(srv), nil)
	for _, r := range tb.requestsSince(mark) {
		if !strings.HasPrefix(r, "GET "+srv.AppURL+"/web/dist/") {
			t.Errorf("configure sent %s", r)
		}
	}
	// Once loaded, configure — again, and with every option — sends nothing at all.
	mark = tb.requestCount()
	tb.eval(`authgear.configure({ clientID: "other", endpoint: `+jsString(srv.IdPURL)+`, sessionType: "refresh_token",
	  isSSOEnabled: true, tokenStorage: "persistent", apiOrigins: [location.origin] })`, nil)
	tb.eval(configureJS(srv), nil)
	if reqs := tb.requestsSince(mark); len(reqs) != 0 {
		t.Fatalf("configure sent requests: %v", reqs)
	}
	for name, n := range srv.IdP.Counts() {
		if n != 0 {
			t.Errorf("identity provider saw %d %s requests during configure", n, name)
		}
	}
}

func TestConfigure_CalledBeforeTheModuleLoadedWaitsForIt(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	// Without ?manual the demo calls configure as soon as its inline script runs.
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitFor(`authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	var order struct {
		ConfigureAt float64 `json:"configureAt"`
		WasmLoaded  float64 `json:"wasmLoaded"`
	}
	tb.eval(`({ configureAt: demo.configureCalledAt,
	  wasmLoaded: performance.getEntriesByType("resource").find((e) => e.name.endsWith("/wasmgear.wasm")).responseEnd })`, &order)
	if !(order.ConfigureAt < order.WasmLoaded) {
		t.Fatalf("configure was called at %.1f ms, after the module had loaded at %.1f ms: the test proves nothing", order.ConfigureAt, order.WasmLoaded)
	}
	assertStateAndReasons(t, tb, "NO_SESSION", "NO_TOKEN")
}

func TestConfigure_BadInputRejectsAndTheSDKKeepsWorking(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/?manual=1")
	tests := []struct{ name, options string }{
		{"no options", ``},
		{"missing clientID", `{ endpoint: "https://a.example" }`},
		{"clientID not a string", `{ clientID: 42, endpoint: "https://a.example" }`},
		{"missing endpoint", `{ clientID: "c" }`},
		{"relative endpoint", `{ clientID: "c", endpoint: "/auth" }`},
		{"unparsable endpoint", `{ clientID: "c", endpoint: "https://[bad" }`},
		{"http endpoint off loopback", `{ clientID: "c", endpoint: "http://auth.example.com" }`},
		{"unknown sessionType", `{ clientID: "c", endpoint: "https://a.example", sessionType: "jwt" }`},
		{"fetch not a function", `{ clientID: "c", endpoint: "https://a.example", fetch: "https://proxy.example" }`},
		{"throwing getter", `{ get clientID() { throw new Error("getter exploded") }, endpoint: "https://a.example" }`},
		{"timeout not a number", `{ clientID: "c", endpoint: "https://a.example", timeout: "30s" }`},
		{"negative timeout", `{ clientID: "c", endpoint: "https://a.example", timeout: -1 }`},
		{"NaN timeout", `{ clientID: "c", endpoint: "https://a.example", timeout: NaN }`},
	}
	for _, tt := range tests {
		got := tb.evalError(`authgear.configure(` + tt.options + `)`)
		if !got.Rejected || !got.IsError || !got.IsAuthgear || got.Name != "AuthgearError" || got.Code != "invalid_options" {
			t.Errorf("%s: %+v, want an AuthgearError with code invalid_options", tt.name, got)
		}
	}
	for _, ok := range []string{"http://localhost:9", "http://127.0.0.1:9", "http://[::1]:9", "https://auth.example.com"} {
		if got := tb.evalError(`authgear.configure({ clientID: "c", endpoint: "` + ok + `" })`); got.Rejected {
			t.Errorf("endpoint %s rejected: %+v", ok, got)
		}
	}
	tb.eval(configureJS(srv), nil)
	var state string
	tb.eval(`authgear.sessionState`, &state)
	if state != "NO_SESSION" {
		t.Fatalf("after the rejections: %s, want NO_SESSION", state)
	}
}

func TestConfigure_CookieModeStaysUnknown(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/?manual=1")
	tb.eval(`authgear.configure({ clientID: "demo", endpoint: `+jsString(srv.IdPURL)+`, sessionType: "cookie" })`, nil)
	var got struct {
		State string `json:"state"`
		Type  string `json:"type"`
	}
	tb.eval(`({ state: authgear.sessionState, type: authgear.sessionType })`, &got)
	if got.State != "UNKNOWN" || got.Type != "cookie" {
		t.Fatalf("cookie mode after configure: %+v, want UNKNOWN/cookie", got)
	}
}

func TestBlockedLocalStorage_DegradesWithOneWarning(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	blockStorage := `Object.defineProperty(window, "localStorage", { configurable: true,
	  get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });`
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/?manual=1", blockStorage)
	tb.eval(configureJS(srv), nil)
	assertStateAndReasons(t, tb, "NO_SESSION", "NO_TOKEN")
	tb.eval(`authgear.clearSessionState()`, nil)
	tb.eval(configureJS(srv), nil)
	warnings := tb.warningsSeen()
	if len(warnings) != 1 || !strings.Contains(warnings[0], "localStorage is unavailable") {
		t.Fatalf("console warnings %q, want exactly one about localStorage", warnings)
	}
}

// assertStateAndReasons checks sessionState and the reasons the delegate heard so far.
func assertStateAndReasons(t *testing.T, tb *tab, state, reasons string) {
	t.Helper()
	var got struct {
		State   string `json:"state"`
		Reasons string `json:"reasons"`
	}
	tb.eval(`({ state: authgear.sessionState, reasons: demo.reasons.join(" ") })`, &got)
	if got.State != state || got.Reasons != reasons {
		t.Fatalf("state %s, reasons [%s]; want %s, [%s]", got.State, got.Reasons, state, reasons)
	}
}
