package engines

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/browsertab"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// pageTimeout bounds each wait for a page; the suite's usual bound.
const pageTimeout = 20 * time.Second

// browser is one user's browser in one engine: tabs sharing storage. Uncaught errors and
// console.error in its pages fail the test (in the engines that report them).
type browser struct {
	t   *testing.T
	ctx context.Context
	uc  browsertab.UserContext
}

// newBrowser opens an isolated user context of e for the test.
func newBrowser(t *testing.T, e browsertab.Engine) *browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	var mu sync.Mutex
	done := false
	onLog := func(l browsertab.Log) {
		mu.Lock()
		defer mu.Unlock()
		if done {
			return
		}
		t.Logf("%s console.%s: %s", e.Name(), l.Level, l.Text)
		if l.Level == "error" {
			t.Errorf("%s: error in the page: %s", e.Name(), l.Text)
		}
	}
	uc, err := e.NewUserContext(ctx, onLog)
	if err != nil {
		t.Fatalf("%s: %v", e.Name(), err)
	}
	t.Cleanup(func() {
		mu.Lock()
		done = true
		mu.Unlock()
		_ = uc.Close()
	})
	return &browser{t: t, ctx: ctx, uc: uc}
}

// page is one tab of a browser.
type page struct {
	t   *testing.T
	ctx context.Context
	tab browsertab.Tab
}

// open opens a new tab at url.
func (b *browser) open(url string) *page {
	b.t.Helper()
	tab, err := b.uc.NewTab(b.ctx)
	if err != nil {
		b.t.Fatalf("new tab: %v", err)
	}
	p := &page{t: b.t, ctx: b.ctx, tab: tab}
	p.navigate(url)
	return p
}

func (p *page) navigate(url string) {
	p.t.Helper()
	if err := p.tab.Open(p.ctx, url); err != nil {
		p.t.Fatalf("open %s: %v", url, err)
	}
}

// eval runs expr in the page (Promises awaited) and decodes its value into out.
func (p *page) eval(expr string, out any) {
	p.t.Helper()
	if err := p.tab.Eval(p.ctx, expr, out); err != nil {
		p.t.Fatalf("eval %s: %v", shorten(expr), err)
	}
}

func (p *page) click(selector string) {
	p.t.Helper()
	if err := p.tab.Click(p.ctx, selector); err != nil {
		p.t.Fatalf("click %s: %v", selector, err)
	}
}

func (p *page) typeText(selector, text string) {
	p.t.Helper()
	if err := p.tab.Type(p.ctx, selector, text); err != nil {
		p.t.Fatalf("type into %s: %v", selector, err)
	}
}

// waitForPage polls until the tab shows a loaded page whose URL starts with prefix and
// for which cond is true. Each check is its own short evaluation, so a navigation in
// between costs one retry and cannot break the wait.
func (p *page) waitForPage(prefix, cond string) {
	p.t.Helper()
	expr := `location.href.startsWith(` + jsString(prefix) + `) && document.readyState === "complete" && !!(` + cond + `)`
	deadline := time.Now().Add(pageTimeout)
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
		var ok bool
		err := p.tab.Eval(ctx, expr, &ok)
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			u, _ := p.tab.URL(p.ctx)
			p.t.Fatalf("waiting for a page at %s with %s: last error %v (at %s)", prefix, shorten(cond), err, u)
		}
		<-tick.C
	}
}

// loginThroughForm clicks the demo's "Log in", fills the provider's form like a user and
// waits until the demo has finished the login.
func (p *page) loginThroughForm(srv *devserver.Server, username, password string) {
	p.t.Helper()
	p.waitForPage(srv.AppURL, demoReady)
	p.click("#login")
	p.waitForPage(srv.IdPURL, `document.querySelector("#username")`)
	p.typeText("#username", username)
	p.typeText("#password", password)
	p.click("#login")
	p.waitForPage(srv.AppURL, demoReady+` && authgear.sessionState === "AUTHENTICATED" && document.querySelector("#output").textContent.includes("sub")`)
}

// logoutAndBack clicks the demo's "Log out" and waits until the browser has been to the
// provider's end-session endpoint and back on a new, configured page. The old page is
// NO_SESSION already before it navigates away, so the wait must tell the documents apart:
// a mark set on the old one is absent from the new one.
func (p *page) logoutAndBack(srv *devserver.Server) {
	p.t.Helper()
	p.eval(`window.beforeLogout = true`, nil)
	p.click("#logout")
	p.waitForPage(srv.AppURL, `window.beforeLogout === undefined && `+demoReady+` && authgear.sessionState === "NO_SESSION"`)
}

// demoReady is true once the demo page has configured the SDK.
const demoReady = `typeof demo !== "undefined" && authgear.sessionState !== "UNKNOWN"`

// waitUntil polls a server-side condition: the browser's work shows up there.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(pageTimeout)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// startApp runs the demo app (from root) and its identity provider for one test.
func startApp(t *testing.T, root string, cfg devserver.Config) *devserver.Server {
	t.Helper()
	cfg.Root = root
	secrets := &devserver.SecretScanner{} // no refresh token or access key in any answer
	cfg.Secrets = secrets
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := devserver.Start(ctx, cfg)
	if err != nil {
		t.Fatalf("devserver: %v", err)
	}
	t.Cleanup(func() {
		_ = srv.Close()
		if leaks := secrets.Findings(); len(leaks) > 0 {
			t.Errorf("secrets leaked: %v", leaks)
		}
	})
	return srv
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
