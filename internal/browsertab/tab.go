// Package browsertab drives the three browser engines the end-to-end journeys run in —
// Chromium (chromedp over CDP), Firefox (WebDriver BiDi) and WebKit (classic W3C
// WebDriver through WebKitWebDriver) — behind one small interface, so one journey
// definition runs in every engine. It only drives; what a journey proves is judged
// outside the page, by the servers the page talked to.
package browsertab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Tab is one top-level browsing context: a tab or window of a UserContext.
type Tab interface {
	// Open navigates to url and returns once the new document has loaded.
	Open(ctx context.Context, url string) error
	// Eval runs expr as a classic script in the page's global scope (statements allowed;
	// the value is the last expression's), awaits it if it is a Promise and decodes the
	// value's JSON form into out (nil discards it). A thrown error or rejection is a
	// *ScriptError.
	Eval(ctx context.Context, expr string, out any) error
	// Type sends text as key presses to the first element matching the CSS selector.
	Type(ctx context.Context, selector, text string) error
	// Click clicks the first element matching the CSS selector, like a user's pointer.
	Click(ctx context.Context, selector string) error
	// URL is the address of the document the tab shows.
	URL(ctx context.Context) (string, error)
	// Close closes the tab.
	Close() error
}

// UserContext is a set of tabs that share cookies and storage with each other and with
// no other UserContext — Chromium's browser context, BiDi's user context, a WebDriver
// session. Closing it closes its tabs.
type UserContext interface {
	// NewTab opens a blank tab in this context.
	NewTab(ctx context.Context) (Tab, error)
	// Close closes every tab of the context and forgets its storage.
	Close() error
}

// Log is one console message or uncaught error a page produced.
type Log struct {
	// Level is "error", "warn", "info" or "debug"; uncaught exceptions are "error".
	Level string
	Text  string
}

// Engine is one running browser.
type Engine interface {
	// Name is "chromium", "firefox" or "webkit".
	Name() string
	// Version is the browser's own product and version, such as "Firefox 153.8.0esr".
	Version() string
	// NewUserContext starts an isolated set of tabs. onLog, when not nil, receives the
	// pages' console output and uncaught errors where the engine reports them (classic
	// WebDriver has no such channel: WebKit never calls it).
	NewUserContext(ctx context.Context, onLog func(Log)) (UserContext, error)
	// Close stops the browser and removes its temporary profile.
	Close() error
}

// Names lists the engines Start knows, in the order the suite runs them.
var Names = []string{"chromium", "firefox", "webkit"}

// Start launches the named engine; ctx bounds the start-up where the engine's driver
// takes one (Chromium's allocator does not).
func Start(ctx context.Context, name string) (Engine, error) {
	switch name {
	case "chromium":
		return StartChromium(ctx)
	case "firefox":
		return StartFirefox(ctx)
	case "webkit":
		return StartWebKit(ctx)
	}
	return nil, fmt.Errorf("browsertab: unknown engine %q (want one of %v)", name, Names)
}

// ScriptError is a script that threw or a Promise that rejected, as the page described it.
type ScriptError struct{ Message string }

func (e *ScriptError) Error() string { return "browsertab: script failed: " + e.Message }

// ErrNoElement is returned (wrapped) by Type and Click when nothing matches the selector.
var ErrNoElement = errors.New("browsertab: no element matches the selector")

// evalScript wraps expr so that every engine evaluates it the same way: an indirect eval
// runs it as a global script, and the value travels as one JSON string, so no engine's own
// value serialisation (BiDi RemoteValue, WebDriver's JSON clone) changes what out sees.
func evalScript(expr string) string {
	src, _ := json.Marshal(expr) // a JSON string is a JS string literal; Go escapes U+2028/9
	return `(async () => { const v = await (0, eval)(` + string(src) + `);
	  return v === undefined ? "null" : JSON.stringify(v); })()`
}

// decodeResult decodes the JSON text evalScript produced into out.
func decodeResult(text string, out any) error {
	if out == nil {
		return nil
	}
	if err := json.Unmarshal([]byte(text), out); err != nil {
		return fmt.Errorf("browsertab: decoding the script's value %.80q: %w", text, err)
	}
	return nil
}

// jsQuote is s as a JavaScript string literal.
func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
