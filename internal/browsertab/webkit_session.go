package browsertab

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// webkitSession is one WebDriver session. Classic WebDriver has one current window per
// session, so every tab's command takes mu, switches to its window if another is
// current, and runs; commands of two tabs can never interleave with the switch.
type webkitSession struct {
	w       *webkit
	path    string // "/session/ID"
	version string

	mu      sync.Mutex // guards the fields below and orders every command
	current string     // the window commands go to now
	first   string     // the window the session opened with
	handed  bool       // first has been given out as a tab
	windows int        // windows open
	closed  bool
}

// elementKey is the web element identifier (WebDriver §12.1).
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

func (s *webkitSession) NewTab(ctx context.Context) (Tab, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errStopped
	}
	if s.windows == 0 {
		s.windows = 1
	}
	if !s.handed {
		s.handed = true
		return &webkitTab{s: s, handle: s.first}, nil
	}
	var res struct {
		Handle string `json:"handle"`
	}
	if err := s.w.wd.do(ctx, http.MethodPost, s.path+"/window/new", map[string]any{"type": "tab"}, &res); err != nil {
		return nil, err
	}
	s.windows++
	return &webkitTab{s: s, handle: res.Handle}, nil
}

// in runs cmd with handle as the current window, holding the session's lock.
func (s *webkitSession) in(ctx context.Context, handle string, cmd func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errStopped
	}
	if s.current != handle {
		if err := s.w.wd.do(ctx, http.MethodPost, s.path+"/window", map[string]any{"handle": handle}, nil); err != nil {
			return err
		}
		s.current = handle
	}
	return cmd()
}

func (s *webkitSession) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	defer func() { <-s.w.sessions }()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return s.w.wd.do(ctx, http.MethodDelete, s.path, nil, nil)
}

// webkitTab is one window of a session.
type webkitTab struct {
	s      *webkitSession
	handle string
}

func (t *webkitTab) do(ctx context.Context, method, path string, body, out any) error {
	return t.s.in(ctx, t.handle, func() error { return t.s.w.wd.do(ctx, method, t.s.path+path, body, out) })
}

func (t *webkitTab) Open(ctx context.Context, url string) error {
	return t.do(ctx, http.MethodPost, "/url", map[string]any{"url": url}, nil)
}

// Eval runs the script with Execute Async Script (WebDriver §13.2.2), whose callback
// carries either the JSON text or the error, so a rejection is told from a value.
func (t *webkitTab) Eval(ctx context.Context, expr string, out any) error {
	script := `const done = arguments[arguments.length - 1];
	(` + evalScript(expr) + `).then((v) => done({ ok: v }),
	  (e) => done({ error: String(e) + (e && e.stack ? "\n" + e.stack : "") }));`
	var res struct {
		OK    *string `json:"ok"`
		Error string  `json:"error"`
	}
	if err := t.do(ctx, http.MethodPost, "/execute/async", map[string]any{"script": script, "args": []any{}}, &res); err != nil {
		return err
	}
	if res.OK == nil {
		return &ScriptError{Message: res.Error}
	}
	return decodeResult(*res.OK, out)
}

// element finds the first element matching selector (WebDriver §12.3.2).
func (t *webkitTab) element(ctx context.Context, selector string) (string, error) {
	var res map[string]string
	err := t.do(ctx, http.MethodPost, "/element", map[string]any{"using": "css selector", "value": selector}, &res)
	if e, ok := err.(*WebDriverError); ok && e.Code == "no such element" {
		return "", fmt.Errorf("%w: %s", ErrNoElement, selector)
	}
	if err != nil {
		return "", err
	}
	return res[elementKey], nil
}

// Click is Element Click (WebDriver §12.5.1): a pointer click at the element's centre.
func (t *webkitTab) Click(ctx context.Context, selector string) error {
	id, err := t.element(ctx, selector)
	if err != nil {
		return err
	}
	return t.do(ctx, http.MethodPost, "/element/"+id+"/click", nil, nil)
}

// Type is Element Send Keys (WebDriver §12.5.3): focus, then one key event per character.
func (t *webkitTab) Type(ctx context.Context, selector, text string) error {
	id, err := t.element(ctx, selector)
	if err != nil {
		return err
	}
	return t.do(ctx, http.MethodPost, "/element/"+id+"/value", map[string]any{"text": text}, nil)
}

func (t *webkitTab) URL(ctx context.Context) (string, error) {
	var u string
	err := t.do(ctx, http.MethodGet, "/url", nil, &u)
	return u, err
}

// Close closes the tab's window, except the session's last one: closing that would end
// the session (WebDriver §11.2), which UserContext.Close does.
func (t *webkitTab) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return t.s.in(ctx, t.handle, func() error {
		if t.s.windows <= 1 {
			return nil
		}
		if err := t.s.w.wd.do(ctx, http.MethodDelete, t.s.path+"/window", nil, nil); err != nil {
			return err
		}
		t.s.windows--
		t.s.current = "" // no current window until the next switch
		return nil
	})
}
