package browsertab

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// sessionTimeout bounds POST /session. WebKitWebDriver starts MiniBrowser for it, and
// without a usable display MiniBrowser exits at once while the request never answers.
const sessionTimeout = 60 * time.Second

// webkit is WebKitGTK's MiniBrowser driven by WebKitWebDriver (Debian's
// webkit2gtk-driver) over classic WebDriver, on its own Xvfb display.
type webkit struct {
	xvfb, driver *process
	wd           *webdriver
	version      string
	opts         webkitOptions

	// sessions lets one WebDriver session exist at a time: each is a MiniBrowser process
	// of its own, and a journey needs one browser with several tabs, not several browsers.
	sessions chan struct{}
}

// webkitOptions are StartWebKit's settings, changed only by tests.
type webkitOptions struct {
	noDisplay      bool          // start no Xvfb, and give MiniBrowser no display
	sessionTimeout time.Duration // the bound of POST /session
}

// StartWebKit starts Xvfb and WebKitWebDriver (or $WASMGEAR_WEBKITDRIVER), then opens
// and closes one session to learn the browser's version and prove it starts.
func StartWebKit(ctx context.Context) (Engine, error) {
	return startWebKit(ctx, webkitOptions{sessionTimeout: sessionTimeout})
}

func startWebKit(ctx context.Context, opts webkitOptions) (Engine, error) {
	bin, err := findBinary("WASMGEAR_WEBKITDRIVER", "WebKitWebDriver")
	if err != nil {
		return nil, err
	}
	w := &webkit{sessions: make(chan struct{}, 1), opts: opts}
	if err := w.start(ctx, bin); err != nil {
		_ = w.Close()
		return nil, err
	}
	return w, nil
}

func (w *webkit) start(ctx context.Context, bin string) error {
	var display string
	var err error
	if !w.opts.noDisplay {
		if w.xvfb, display, err = startXvfb(ctx); err != nil {
			return err
		}
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "--port="+strconv.Itoa(port), "--host=127.0.0.1")
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "WAYLAND_DISPLAY=", "GDK_BACKEND=x11",
		"WEBKIT_DISABLE_COMPOSITING_MODE=1", "LIBGL_ALWAYS_SOFTWARE=1")
	if w.driver, err = startProcess(cmd, nil); err != nil {
		return err
	}
	w.wd = &webdriver{base: "http://127.0.0.1:" + strconv.Itoa(port), http: &http.Client{}}
	if err := w.waitReady(ctx); err != nil {
		return err
	}
	s, err := w.newSession(ctx)
	if err != nil {
		return err
	}
	w.version = s.version
	return s.Close()
}

// freePort asks the kernel for an unused loopback port. WebKitWebDriver takes a port
// number, not a listener; the race with another process taking it first is tiny.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls GET /status (WebDriver §8.3) until the driver answers ready.
func (w *webkit) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		var status struct {
			Ready bool `json:"ready"`
		}
		if err := w.wd.do(ctx, http.MethodGet, "/status", nil, &status); err == nil && status.Ready {
			return nil
		}
		select {
		case <-w.driver.done:
			return fmt.Errorf("browsertab: WebKitWebDriver exited:\n%s", w.driver.output())
		case <-ctx.Done():
			return fmt.Errorf("browsertab: WebKitWebDriver not ready after %v:\n%s", startupTimeout, w.driver.output())
		case <-tick.C:
		}
	}
}

func (w *webkit) Name() string    { return "webkit" }
func (w *webkit) Version() string { return w.version }

func (w *webkit) Close() error {
	w.driver.stop()
	w.xvfb.stop()
	return nil
}

// NewUserContext starts a WebDriver session: a MiniBrowser of its own, whose storage
// no other session shares. It waits while another session is open.
func (w *webkit) NewUserContext(ctx context.Context, _ func(Log)) (UserContext, error) {
	return w.newSession(ctx)
}

// ErrSessionTimeout is wrapped when POST /session does not answer within its bound.
var ErrSessionTimeout = errors.New("browsertab: WebDriver session creation timed out")

func (w *webkit) newSession(ctx context.Context) (*webkitSession, error) {
	select {
	case w.sessions <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	sctx, cancel := context.WithTimeout(ctx, w.opts.sessionTimeout)
	defer cancel()
	var res struct {
		SessionID    string `json:"sessionId"`
		Capabilities struct {
			BrowserName    string `json:"browserName"`
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	err := w.wd.do(sctx, http.MethodPost, "/session", map[string]any{"capabilities": map[string]any{
		"alwaysMatch": map[string]any{"timeouts": map[string]any{"script": 60000, "pageLoad": 60000}},
	}}, &res)
	if err != nil {
		<-w.sessions
		if sctx.Err() != nil {
			return nil, fmt.Errorf("%w after %v: MiniBrowser did not come up (no usable X display?):\n%s",
				ErrSessionTimeout, w.opts.sessionTimeout, w.driver.output())
		}
		return nil, fmt.Errorf("browsertab: WebKit session: %w", err)
	}
	s := &webkitSession{w: w, path: "/session/" + res.SessionID,
		version: res.Capabilities.BrowserName + " " + res.Capabilities.BrowserVersion}
	if err := w.wd.do(ctx, http.MethodGet, s.path+"/window", nil, &s.current); err != nil {
		_ = s.Close()
		return nil, err
	}
	s.first = s.current
	return s, nil
}
