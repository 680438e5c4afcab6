package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// tab is one page of one SDK.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
	sdk    string
}

// newProfile is a fresh browser context: its own storage and an empty HTTP cache. Headless
// Chromium opens tabs in a new browser context only once one of its tabs has a window of
// its own, so an about:blank window anchors it (as e2e/page_test.go does).
func newProfile(browser context.Context) (context.Context, context.CancelFunc, error) {
	var id cdp.BrowserContextID
	onBrowser := func(f func(ctx context.Context) error) error {
		return chromedp.Run(browser, chromedp.ActionFunc(func(ctx context.Context) error {
			return f(cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser))
		}))
	}
	err := onBrowser(func(ctx context.Context) error {
		var err error
		if id, err = target.CreateBrowserContext().Do(ctx); err != nil {
			return err
		}
		_, err = target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(ctx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithExistingBrowserContext(id))
	return ctx, func() {
		cancel()
		_ = onBrowser(func(ctx context.Context) error { return target.DisposeBrowserContext(id).Do(ctx) })
	}, nil
}

// openTab opens a new tab in profile (a context from newProfile, or one of its tabs) and
// loads the SDK's page with query, then waits for its configure() to settle.
func openTab(profile context.Context, base, sdk, query string) (*tab, error) {
	ctx, cancel := chromedp.NewContext(profile)
	t := &tab{ctx: ctx, cancel: cancel, sdk: sdk}
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/"+sdk+".html?"+query)); err != nil {
		cancel()
		return nil, err
	}
	if err := t.waitFor(`window.configuredAt !== undefined || window.configureError !== undefined`, 30*time.Second); err != nil {
		cancel()
		return nil, err
	}
	var failed string
	if err := t.eval(`window.configureError || ""`, &failed); err != nil || failed != "" {
		cancel()
		return nil, fmt.Errorf("%s: configure: %s %v", sdk, failed, err)
	}
	return t, nil
}

// eval evaluates expr in the page, awaiting a Promise, into out (nil: ignored).
func (t *tab) eval(expr string, out any) error {
	ctx, cancel := context.WithTimeout(t.ctx, 5*time.Minute)
	defer cancel()
	var raw any
	if out == nil {
		out = &raw
	}
	return chromedp.Run(ctx, chromedp.Evaluate(expr, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
}

// number evaluates expr to a float.
func (t *tab) number(expr string) (float64, error) {
	var v float64
	err := t.eval(expr, &v)
	return v, err
}

// waitFor polls the page until cond holds.
func (t *tab) waitFor(cond string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(t.ctx, timeout+5*time.Second)
	defer cancel()
	var ok bool
	return chromedp.Run(ctx, chromedp.Poll(cond, &ok, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(10*time.Millisecond)))
}

// memory collects garbage, then reads the JS heap in use and the WebAssembly memory.
func (t *tab) memory() (jsHeap, wasm float64, err error) {
	err = chromedp.Run(t.ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		if err := heapprofiler.CollectGarbage().Do(ctx); err != nil {
			return err
		}
		used, _, _, _, err := runtime.GetHeapUsage().Do(ctx)
		jsHeap = used
		return err
	}))
	if err != nil {
		return 0, 0, err
	}
	wasm, err = t.number(`bench.wasmBytes()`)
	return jsHeap, wasm, err
}
