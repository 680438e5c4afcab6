package e2e

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/chrome"
)

// tab is one browser tab of a test. Uncaught exceptions and console errors fail the
// test (unless expected); console output goes to the test log; requests are recorded.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu            sync.Mutex // guards the fields below, written by the event listener
	done          bool
	requests      []string
	warnings      []string
	allowErrors   bool
	consoleErrors []string
}

// newBrowserContext returns a context for tabs that share cookies and storage with each
// other but with no other test.
func newBrowserContext(t *testing.T) context.Context {
	t.Helper()
	// chromedp.WithNewBrowserContext makes the browser context only on the context's first
	// run, so tabs opened from it before then landed in the browser's default context,
	// shared by every test: cookies ignore ports, and one test's IdP session cookie reached
	// another test's servers. Headless Chromium opens a tab in a fresh browser context
	// only when the first one has a window of its own, so that tab anchors the context.
	var id cdp.BrowserContextID
	err := chromedp.Run(browserCtx, chromedp.ActionFunc(func(ctx context.Context) error {
		browser := cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser)
		var err error
		if id, err = target.CreateBrowserContext().Do(browser); err != nil {
			return err
		}
		_, err = target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(browser)
		return err
	}))
	if err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithExistingBrowserContext(id))
	t.Cleanup(func() {
		cancel()
		_ = chromedp.Run(browserCtx, chromedp.ActionFunc(func(ctx context.Context) error {
			return target.DisposeBrowserContext(id).Do(cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser))
		}))
	})
	return ctx
}

// openTab opens url in a new tab of the browser context bc; the tab lives 90 seconds.
func openTab(t *testing.T, bc context.Context, url string, initScripts ...string) *tab {
	t.Helper()
	return openTabFor(t, bc, 90*time.Second, url, initScripts...)
}

// openTabFor is openTab for a tab that must live longer, such as one running a long
// call loop on a loaded machine.
func openTabFor(t *testing.T, bc context.Context, life time.Duration, url string, initScripts ...string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bc)
	ctx, cancelTimeout := context.WithTimeout(ctx, life)
	tb := &tab{t: t, ctx: ctx}
	t.Cleanup(func() {
		tb.mu.Lock()
		tb.done = true
		tb.mu.Unlock()
		cancelTimeout()
		cancel()
	})
	chromedp.ListenTarget(ctx, tb.onEvent)
	actions := []chromedp.Action{network.Enable()}
	for _, s := range initScripts {
		s := s
		actions = append(actions, chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(s).Do(ctx)
			return err
		}))
	}
	actions = append(actions, chromedp.Navigate(url))
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	return tb
}

func (tb *tab) onEvent(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if tb.done {
		return
	}
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		tb.t.Errorf("uncaught page exception: %s", ev.ExceptionDetails.Error())
	case *runtime.EventConsoleAPICalled:
		text := chrome.ConsoleText(ev)
		tb.t.Logf("console.%s: %s", ev.Type, text)
		switch ev.Type {
		case runtime.APITypeError:
			tb.consoleErrors = append(tb.consoleErrors, text)
			if !tb.allowErrors {
				tb.t.Errorf("console.error in the page: %s", text)
			}
		case runtime.APITypeWarning:
			tb.warnings = append(tb.warnings, text)
		}
	case *network.EventRequestWillBeSent:
		tb.requests = append(tb.requests, ev.Request.Method+" "+ev.Request.URL)
	}
}

// requestCount is a mark for requestsSince.
func (tb *tab) requestCount() int {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return len(tb.requests)
}

// requestsSince lists the requests sent after mark. A round trip to the page first makes
// sure every event the browser emitted before it has arrived.
func (tb *tab) requestsSince(mark int) []string {
	tb.eval(`1`, nil)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.requests[mark:]...)
}

func (tb *tab) warningsSeen() []string {
	tb.eval(`1`, nil)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.warnings...)
}

// expectConsoleErrors lets a test that provokes errors read them instead of failing.
func (tb *tab) expectConsoleErrors() {
	tb.mu.Lock()
	tb.allowErrors = true
	tb.mu.Unlock()
}

// eval runs an expression in the page, awaiting a returned Promise, and decodes it to out.
func (tb *tab) eval(expr string, out any) {
	tb.t.Helper()
	if err := tb.tryEval(expr, out); err != nil {
		tb.t.Fatalf("eval %s: %v", shorten(expr), err)
	}
}

func (tb *tab) tryEval(expr string, out any) error {
	return chromedp.Run(tb.ctx, chromedp.Evaluate(expr, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
}

// waitFor polls a JS condition until it is true or the deadline passes. It polls on a
// timer, not on animation frames: Chromium gives no frames to a tab in the background,
// and the tests run many tabs at once.
func (tb *tab) waitFor(cond string, timeout time.Duration) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, timeout)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.Poll(cond, nil, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		var state string
		_ = tb.tryEval(`String(window.authgear && authgear.sessionState) + " " + location.href`, &state)
		tb.t.Fatalf("waiting for %s: %v (page: %s)", shorten(cond), err, state)
	}
}

// waitForPage waits until the tab shows a page whose URL starts with prefix and for which
// cond is true. It retries each check as its own evaluation, so a navigation in between
// (which makes a running evaluation or DOM query fail or hang) cannot break the wait.
func (tb *tab) waitForPage(prefix, cond string, timeout time.Duration) {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	expr := `location.href.startsWith(` + jsString(prefix) + `) && document.readyState !== "loading" && !!(` + cond + `)`
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
		var ok bool
		err := chromedp.Run(ctx, chromedp.Evaluate(expr, &ok))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var href string
			_ = tb.tryEval(`location.href + " " + (document.querySelector("#output") ? document.querySelector("#output").textContent : "")`, &href)
			tb.t.Fatalf("waiting for a page at %s with %s: last error %v (page: %s)", prefix, shorten(cond), err, href)
		}
		<-tick.C
	}
}

// run performs chromedp actions in the tab.
func (tb *tab) run(actions ...chromedp.Action) {
	tb.t.Helper()
	if err := chromedp.Run(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// jsError is what evalError reports about a rejected call.
type jsError struct {
	Rejected     bool   `json:"rejected"`
	Name         string `json:"name"`
	Code         string `json:"code"`
	Message      string `json:"message"`
	IsError      bool   `json:"isError"`
	IsAuthgear   bool   `json:"isAuthgearError"`
	Error        string `json:"error"`
	Status       int    `json:"status"`
	SessionState string `json:"sessionState"`
}

// evalError awaits expr (a Promise) and describes its rejection as the page sees it.
func (tb *tab) evalError(expr string) jsError {
	tb.t.Helper()
	var out jsError
	tb.eval(`(async () => { try { await (`+expr+`); return { rejected: false, sessionState: authgear.sessionState }; }
	  catch (e) { return { rejected: true, name: e.name, code: e.code || "", message: e.message, isError: e instanceof Error,
	    isAuthgearError: e instanceof authgear.AuthgearError, error: e.error || "", status: e.status || 0,
	    sessionState: authgear.sessionState }; } })()`, &out)
	return out
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// origin is the origin of the page the tab shows now.
func (tb *tab) origin() string {
	var o string
	tb.eval(`location.origin`, &o)
	return o
}
