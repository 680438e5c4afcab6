package browsertab

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/chrome"
)

// chromium is headless Chromium through chromedp, started with the suite's usual flags.
type chromium struct {
	browserCtx context.Context
	cancel     context.CancelFunc
	stop       context.CancelFunc
	version    string
}

// StartChromium launches Debian's chromium (or $WASMGEAR_CHROME) with its own profile.
func StartChromium(ctx context.Context) (Engine, error) {
	alloc, stop, err := chrome.NewAllocator(context.Background())
	if err != nil {
		return nil, err
	}
	bctx, cancel := chromedp.NewContext(alloc)
	var product string
	err = chromedp.Run(bctx) // starts the browser with its first tab
	if err == nil {
		err = chromedp.Run(bctx, chromedp.ActionFunc(func(ctx context.Context) error {
			_, p, _, _, _, err := browser.GetVersion().Do(ctx)
			product = p
			return err
		}))
	}
	if err != nil {
		cancel()
		stop()
		return nil, fmt.Errorf("browsertab: starting Chromium: %w", err)
	}
	return &chromium{browserCtx: bctx, cancel: cancel, stop: stop, version: product}, nil
}

func (c *chromium) Name() string    { return "chromium" }
func (c *chromium) Version() string { return c.version } // "Chrome/156.0.8078.114"

func (c *chromium) Close() error {
	c.cancel()
	c.stop()
	return nil
}

func (c *chromium) NewUserContext(ctx context.Context, onLog func(Log)) (UserContext, error) {
	// chromedp's WithNewBrowserContext does not fit: headless Chromium 156 refuses its
	// first target ("no browser is open"), and a child context made before that first run
	// inherits no browser context at all, so its tabs would share the default storage.
	var id cdp.BrowserContextID
	err := c.browserRun(ctx, func(ctx context.Context) (err error) {
		id, err = target.CreateBrowserContext().Do(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("browsertab: new browser context: %w", err)
	}
	return &chromiumContext{c: c, id: id, onLog: onLog}, nil
}

// chromiumContext is a CDP browser context; each tab is a new target in it.
type chromiumContext struct {
	c     *chromium
	id    cdp.BrowserContextID
	onLog func(Log)
}

// Close disposes of the browser context, which closes its tabs and drops its storage.
func (u *chromiumContext) Close() error {
	return u.c.browserRun(context.Background(), func(ctx context.Context) error {
		return target.DisposeBrowserContext(u.id).Do(ctx)
	})
}

// browserRun sends browser-level CDP commands (Target domain), bounded by ctx.
func (c *chromium) browserRun(ctx context.Context, fn func(ctx context.Context) error) error {
	rctx, cancel := context.WithCancel(c.browserCtx)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	return chromedp.Run(rctx, chromedp.ActionFunc(func(ctx context.Context) error {
		return fn(cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser))
	}))
}

func (u *chromiumContext) NewTab(ctx context.Context) (Tab, error) {
	// A target in a browser context other than the default one needs a window of its
	// own in headless Chromium 156; without newWindow it is refused.
	var id target.ID
	err := u.c.browserRun(ctx, func(ctx context.Context) (err error) {
		id, err = target.CreateTarget("about:blank").WithBrowserContextID(u.id).WithNewWindow(true).Do(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("browsertab: new tab: %w", err)
	}
	tctx, cancel := chromedp.NewContext(u.c.browserCtx, chromedp.WithTargetID(id))
	if u.onLog != nil {
		chromedp.ListenTarget(tctx, func(ev any) { chromiumLog(ev, u.onLog) })
	}
	if err := chromedp.Run(tctx, runtime.Enable()); err != nil {
		cancel()
		return nil, fmt.Errorf("browsertab: new tab: %w", err)
	}
	return &chromiumTab{ctx: tctx, cancel: cancel}, nil
}

// chromiumLog forwards console calls and uncaught exceptions.
func chromiumLog(ev any, onLog func(Log)) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		onLog(Log{Level: "error", Text: ev.ExceptionDetails.Error()})
	case *runtime.EventConsoleAPICalled:
		level := string(ev.Type)
		if ev.Type == runtime.APITypeWarning {
			level = "warn"
		}
		onLog(Log{Level: level, Text: chrome.ConsoleText(ev)})
	}
}

type chromiumTab struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// run performs actions in the tab, bounded by ctx as well as by the tab's life.
func (t *chromiumTab) run(ctx context.Context, actions ...chromedp.Action) error {
	rctx, cancel := context.WithCancel(t.ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	return chromedp.Run(rctx, actions...)
}

func (t *chromiumTab) Open(ctx context.Context, url string) error {
	return t.run(ctx, chromedp.Navigate(url))
}

func (t *chromiumTab) Eval(ctx context.Context, expr string, out any) error {
	var text string
	err := t.run(ctx, chromedp.Evaluate(evalScript(expr), &text, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
	if exc, ok := err.(*runtime.ExceptionDetails); ok {
		return &ScriptError{Message: exc.Error()}
	}
	if err != nil {
		return err
	}
	return decodeResult(text, out)
}

func (t *chromiumTab) Type(ctx context.Context, selector, text string) error {
	if err := t.mustExist(ctx, selector); err != nil {
		return err
	}
	return t.run(ctx, chromedp.SendKeys(selector, text, chromedp.ByQuery))
}

func (t *chromiumTab) Click(ctx context.Context, selector string) error {
	if err := t.mustExist(ctx, selector); err != nil {
		return err
	}
	return t.run(ctx, chromedp.Click(selector, chromedp.ByQuery))
}

// mustExist fails at once when nothing matches, where chromedp would wait for it.
func (t *chromiumTab) mustExist(ctx context.Context, selector string) error {
	var ok bool
	if err := t.Eval(ctx, `document.querySelector(`+jsQuote(selector)+`) !== null`, &ok); err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoElement, selector)
	}
	return nil
}

func (t *chromiumTab) URL(ctx context.Context) (string, error) {
	var u string
	err := t.run(ctx, chromedp.Location(&u))
	return u, err
}

func (t *chromiumTab) Close() error {
	t.cancel()
	return nil
}
