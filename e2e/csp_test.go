package e2e

import (
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// strictCSP is the policy README's "Security model" asks a page for, with the provider's
// origin (%s) in connect-src: no unsafe-eval, no inline script, Trusted Types enforced.
const strictCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' %s; " +
	"require-trusted-types-for 'script'; trusted-types 'none'; object-src 'none'; base-uri 'none'"

// violationRecorder collects every CSP and Trusted Types violation the page reports; it is
// injected by DevTools, which the policy does not govern.
const violationRecorder = `(() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "(inline)") + " at " + e.sourceFile + ":" + e.lineNumber);
  });
})()`

// cspApp serves the test app of testdata/csp under strictCSP, on its own origin: the
// page, web/dist, and the demo API proxied so that authgear.fetch calls the page's origin.
func cspApp(t *testing.T, ln net.Listener, srv *devserver.Server) {
	t.Helper()
	dir := filepath.Join(repoRoot, "e2e", "testdata", "csp")
	page, err := os.ReadFile(filepath.Join(dir, "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	api, err := url.Parse(srv.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	policy := strings.Replace(strictCSP, "%s", srv.IdPURL, 1)
	files := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	servePage := func(sdk string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(strings.Replace(string(page), "<!--SDK-->", sdk, 1)))
		}
	}
	mux.HandleFunc("GET /{$}", servePage(`<script src="/dist/authgear.js"></script><script src="/app.js"></script>`))
	mux.HandleFunc("GET /esm", servePage(`<script type="module" src="/esm.mjs"></script>`))
	mux.HandleFunc("GET /config.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`window.cspConfig = { clientID: ` + jsString(srv.ClientID) + `, endpoint: ` + jsString(srv.IdPURL) + ` };`))
	})
	mux.Handle("GET /app.js", files)
	mux.Handle("GET /esm.mjs", files)
	mux.Handle("GET /dist/", http.StripPrefix("/dist/", http.FileServer(http.Dir(filepath.Join(repoRoot, "web", "dist")))))
	// The page's Host goes on to the API: the DPoP proof's htu names the URL the page
	// fetched, and the backend checks it against the Host it receives.
	mux.Handle("/api/", &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(api); r.Out.Host = r.In.Host }})
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", policy)
		w.Header().Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
}

func TestStrictCSP_ConfigureLoginFetchLogout(t *testing.T) {
	t.Parallel()
	for _, build := range []struct{ name, path string }{{"script tag", "/"}, {"ESM", "/esm"}} {
		t.Run(build.name, func(t *testing.T) {
			t.Parallel()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			origin := "http://" + ln.Addr().String()
			srv := startApp(t, devserver.Config{AllowedOrigins: []string{origin}})
			cspApp(t, ln, srv)
			tb := openTab(t, newBrowserContext(t), origin+build.path, violationRecorder)
			tb.waitForPage(origin, `document.body.dataset.ready === "NO_SESSION"`, 20*time.Second)

			tb.run(chromedp.Click("#login", chromedp.ByQuery))
			fillLoginForm(t, tb, origin, "alice", "wonderland")
			tb.waitForPage(origin, `document.body.dataset.ready === "AUTHENTICATED" && document.querySelector("#output").textContent.startsWith("signed in ")`, 20*time.Second)

			tb.run(chromedp.Click("#api", chromedp.ByQuery))
			tb.waitFor(`document.querySelector("#output").textContent.startsWith("api ")`, 20*time.Second)
			var output string
			tb.eval(`document.querySelector("#output").textContent`, &output)
			if !strings.HasPrefix(output, "api 200 ") || !strings.Contains(output, `"sub"`) {
				t.Fatalf("authgear.fetch under the policy: %q, want 200 with the user", shorten(output))
			}

			tb.run(chromedp.Click("#logout", chromedp.ByQuery))
			waitUntil(t, "end_session", func() bool { return srv.IdP.Counts()["end_session"] == 1 })
			tb.waitForPage(origin, `document.body.dataset.ready === "NO_SESSION"`, 20*time.Second)

			var violations []string
			tb.eval(`window.__violations`, &violations)
			if len(violations) != 0 {
				t.Fatalf("the page reported %d violations:\n  %s", len(violations), strings.Join(violations, "\n  "))
			}
			// The recorder hears violations: one the page provokes on purpose is reported.
			tb.eval(`(() => { try { document.createElement("div").innerHTML = "<b>x</b>"; } catch (e) {} return true; })()`, nil)
			tb.waitFor(`window.__violations.some((v) => v.startsWith("require-trusted-types-for"))`, 10*time.Second)
		})
	}
}
