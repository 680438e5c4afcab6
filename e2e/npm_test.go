package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
	"github.com/wasmgear/wasmgear/sdk"
)

// moduleVersion is the version of the Go module, the vX.Y.Z tag a release gets. The npm
// package (web/package.json) carries the same number without the "v":
// TestNPMPackageVersion keeps the two in step, so a release bumps both in one change.
const moduleVersion = "v" + sdk.Version

// consumerEnv names the consumer app (web/test/consumer) after `make test-npm` installed
// the packed tarball into it and bundled it into dist-esbuild/ and dist-vite/. Without it
// the browser tests of the npm package skip: the bundles exist only after that step.
const consumerEnv = "WASMGEAR_NPM_CONSUMER"

func TestNPMPackageVersion(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "web", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Name != "wasmgear" || "v"+manifest.Version != moduleVersion {
		t.Errorf("web/package.json is %s@%s, want wasmgear@%s (the Go module's version)",
			manifest.Name, manifest.Version, strings.TrimPrefix(moduleVersion, "v"))
	}
}

// consumerBundle returns the directory of one bundle of the consumer app, or skips.
func consumerBundle(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv(consumerEnv)
	if dir == "" {
		t.Skipf("%s is not set: `make test-npm` packs, installs and bundles the consumer app, then runs this", consumerEnv)
	}
	root := filepath.Join(dir, name)
	if _, err := os.Stat(filepath.Join(root, "index.html")); err != nil {
		t.Fatalf("the %s bundle is missing (%v): run `make test-npm`", name, err)
	}
	return root
}

// consumerProp is the property of window.consumer that holds the container with a name.
var consumerProp = map[string]string{"default": "authgear", "second": "second"}

// loginConsumer clicks one of the consumer page's login buttons, fills the provider's
// form and waits until the page has finished that container's login.
func loginConsumer(t *testing.T, tb *tab, button, container, username, password string) {
	t.Helper()
	waitConsumerReady(tb)
	tb.run(
		chromedp.Click(button, chromedp.ByQuery),
		chromedp.WaitVisible("#username", chromedp.ByQuery),
		chromedp.SendKeys("#username", username, chromedp.ByQuery),
		chromedp.SendKeys("#password", password, chromedp.ByQuery),
		chromedp.Click("#login", chromedp.ByQuery),
		chromedp.WaitVisible("#state", chromedp.ByQuery),
	)
	tb.waitFor(`window.consumer && consumer.`+consumerProp[container]+`.sessionState === "AUTHENTICATED" &&
	  document.querySelector("#output").textContent.includes('"container": "`+container+`"')`, 20*time.Second)
}

// waitConsumerReady waits until the consumer page has configured both containers and
// handled a login redirect, if any: its buttons work only then.
func waitConsumerReady(tb *tab) {
	tb.t.Helper()
	tb.waitFor(`window.consumer !== undefined`, 20*time.Second)
	tb.eval(`consumer.ready.then(() => true)`, nil)
}

// apiMe is what the page saw when a container fetched the demo API's /api/me.
type apiMe struct {
	Status int    `json:"status"`
	Sub    string `json:"sub"`
}

// fetchMe calls /api/me through one container of the consumer page.
func fetchMe(tb *tab, container string) apiMe {
	tb.t.Helper()
	var out apiMe
	tb.eval(`consumer.`+container+`.fetch("/api/me").then(async (r) => ({ status: r.status, sub: r.ok ? (await r.json()).sub : "" }))`, &out)
	return out
}

// demoSub is the subject of a seeded devidp user.
func demoSub(t *testing.T, username string) string {
	t.Helper()
	for _, u := range devidp.DemoUsers() {
		if u.Username == username {
			return u.Sub
		}
	}
	t.Fatalf("no demo user %q", username)
	return ""
}

func TestNPMConsumer_BundledAppLogsInAndCallsTheAPI(t *testing.T) {
	tests := []struct {
		name   string
		bundle string
		wasm   *regexp.Regexp // the module request: where the bundler put it
	}{
		{name: "esbuild", bundle: "dist-esbuild", wasm: regexp.MustCompile(`^GET http://127\.0\.0\.1:\d+/wasmgear\.wasm$`)},
		{name: "vite", bundle: "dist-vite", wasm: regexp.MustCompile(`^GET http://127\.0\.0\.1:\d+/assets/wasmgear-[\w-]+\.wasm$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startAppAt(t, consumerBundle(t, tt.bundle), devserver.Config{})
			tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
			waitConsumerReady(tb)

			var globals struct {
				Authgear string `json:"authgear"`
				State    string `json:"state"`
			}
			tb.eval(`({ authgear: typeof window.authgear, state: document.querySelector("#state").textContent })`, &globals)
			if globals.Authgear != "undefined" || globals.State != "NO_SESSION" {
				t.Errorf("after configure: window.authgear is %s (want undefined: npm defines no global), #state %q",
					globals.Authgear, globals.State)
			}

			loginConsumer(t, tb, "#login", "default", "alice", "wonderland")
			var output string
			tb.eval(`document.querySelector("#output").textContent`, &output)
			if !strings.Contains(output, `"state": "consumer"`) || !strings.Contains(output, demoSub(t, "alice")) {
				t.Errorf("finishAuthentication's result on the page: %s", output)
			}

			srv.ResetAPIRequests()
			if got := fetchMe(tb, "authgear"); got.Status != 200 || got.Sub != demoSub(t, "alice") {
				t.Errorf(`authgear.fetch("/api/me") = %+v, want 200 for alice`, got)
			}
			if reqs := srv.APIRequests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0].Authorization, "DPoP ") {
				t.Errorf("the API received %d requests; want one with the (DPoP-bound) token", len(reqs))
			}

			requests := tb.requestsSince(0)
			loads := slices.DeleteFunc(slices.Clone(requests), func(r string) bool { return !strings.HasSuffix(r, ".wasm") })
			if len(loads) == 0 || !tt.wasm.MatchString(loads[0]) {
				t.Errorf("module requests %v, want one matching %s", loads, tt.wasm)
			}
		})
	}
}

func TestNPMConsumer_TwoContainersKeepSeparateSessions(t *testing.T) {
	t.Parallel()
	srv := startAppAt(t, consumerBundle(t, "dist-esbuild"), devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	waitConsumerReady(tb)

	loginConsumer(t, tb, "#login", "default", "alice", "wonderland")
	var second string
	tb.eval(`consumer.second.sessionState`, &second)
	if second != "NO_SESSION" {
		t.Fatalf("the second container is %s after the default one logged in", second)
	}
	// The second container logs in as another user (prompt=login shows the form again).
	loginConsumer(t, tb, "#login-second", "second", "bob", "builder")

	alice, bob := demoSub(t, "alice"), demoSub(t, "bob")
	if got := fetchMe(tb, "authgear"); got.Status != 200 || got.Sub != alice {
		t.Errorf("default container's fetch = %+v, want alice", got)
	}
	if got := fetchMe(tb, "second"); got.Status != 200 || got.Sub != bob {
		t.Errorf("second container's fetch = %+v, want bob", got)
	}
	var storage struct {
		Default string `json:"default"`
		Second  string `json:"second"`
	}
	tb.eval(`({ default: localStorage.getItem("authgear_default_refreshToken") || "",
	  second: localStorage.getItem("authgear_second_refreshToken") || "" })`, &storage)
	if storage.Default == "" || storage.Second == "" || storage.Default == storage.Second {
		t.Errorf("each container must store its own refresh token under authgear_${name}_ (both set: %v %v, equal: %v)",
			storage.Default != "", storage.Second != "", storage.Default == storage.Second)
	}

	// Clearing one leaves the other signed in, now and after a reload.
	tb.eval(`consumer.second.clearSessionState().then(() => 1)`, nil)
	var after struct {
		Default string `json:"default"`
		Second  string `json:"second"`
		Reasons string `json:"reasons"`
	}
	tb.eval(`({ default: consumer.authgear.sessionState, second: consumer.second.sessionState, reasons: consumer.reasons.join(" ") })`, &after)
	if after.Default != "AUTHENTICATED" || after.Second != "NO_SESSION" || !strings.HasSuffix(after.Reasons, "second:CLEAR") {
		t.Errorf("after second.clearSessionState: default %s, second %s, reasons [%s]", after.Default, after.Second, after.Reasons)
	}
	if got := fetchMe(tb, "authgear"); got.Status != 200 || got.Sub != alice {
		t.Errorf("default container's fetch after clearing the second = %+v, want alice", got)
	}
	if got := fetchMe(tb, "second"); got.Status != 401 {
		t.Errorf("second container's fetch after clearing it = %+v, want 401 (no token sent)", got)
	}

	tb.run(chromedp.Reload())
	waitConsumerReady(tb)
	tb.eval(`({ default: consumer.authgear.sessionState, second: consumer.second.sessionState, reasons: consumer.reasons.join(" ") })`, &after)
	if after.Default != "AUTHENTICATED" || after.Second != "NO_SESSION" {
		t.Errorf("after a reload: default %s, second %s (reasons [%s])", after.Default, after.Second, after.Reasons)
	}
}

func TestNPMConsumer_WasmURLOption(t *testing.T) {
	t.Parallel()
	srv := startAppAt(t, consumerBundle(t, "dist-esbuild"), devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	waitConsumerReady(tb)
	configure := `.configure({ clientID: ` + jsString(srv.ClientID) + `, endpoint: ` + jsString(srv.IdPURL) + ` })`

	mark := tb.requestCount()
	var state string
	tb.eval(`(async () => { const c = new consumer.WebContainer({ name: "cdn", wasmURL: "/cdn/wasmgear.wasm" });
	  await c`+configure+`; return c.sessionState; })()`, &state)
	if state != "NO_SESSION" {
		t.Errorf("a container with wasmURL: sessionState %s after configure", state)
	}
	if loads := slices.DeleteFunc(tb.requestsSince(mark), func(r string) bool { return !strings.HasSuffix(r, ".wasm") }); len(loads) != 1 ||
		loads[0] != "GET "+srv.AppURL+"/cdn/wasmgear.wasm" {
		t.Errorf("module requests %v, want the one wasmURL names", loads)
	}

	// A wrong wasmURL rejects with AuthgearError; the page's other containers are unaffected.
	var failed struct {
		Rejected   bool   `json:"rejected"`
		IsAuthgear bool   `json:"isAuthgear"`
		Code       string `json:"code"`
	}
	tb.eval(`new consumer.WebContainer({ name: "missing", wasmURL: "/nope/wasmgear.wasm" })`+configure+`
	  .then(() => ({ rejected: false }), (e) => ({ rejected: true, isAuthgear: e instanceof consumer.AuthgearError, code: e.code }))`, &failed)
	if !failed.Rejected || !failed.IsAuthgear || failed.Code != "load_failed" {
		t.Errorf("configure with a missing module: %+v, want an AuthgearError with code load_failed", failed)
	}
	tb.eval(`consumer.authgear.sessionState`, &state)
	if state != "NO_SESSION" {
		t.Errorf("the default container is %s after another container failed to load", state)
	}
}
