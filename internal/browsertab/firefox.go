package browsertab

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
)

// firefoxPrefs keep Firefox off every network but loopback (this machine has no other)
// and out of the tests' way. Turning the services off (telemetry, remote settings,
// experiments, updates, safe browsing, captive-portal and connectivity probes) is not
// enough: measured with strace, Firefox 153 still asks the system resolver for
// firefox.settings.services.mozilla.com and aus5.mozilla.org. So names resolve only
// through a DNS-over-HTTPS server on a closed loopback port (TRR mode 3, no fallback),
// and every connection that is not to loopback goes to a proxy on that closed port
// (Firefox never proxies localhost or 127.0.0.1) with no direct failover. The suite's
// pages are all on 127.0.0.1 literals, so they need neither.
const firefoxPrefs = `user_pref("app.normandy.enabled", false);
user_pref("app.shield.optoutstudies.enabled", false);
user_pref("app.update.auto", false);
user_pref("app.update.enabled", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.region.network.url", "");
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.search.update", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.page", 0);
user_pref("browser.topsites.contile.enabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("extensions.systemAddon.update.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("geo.provider.network.url", "");
user_pref("media.gmp-manager.url", "");
user_pref("media.gmp-provider.enabled", false);
user_pref("messaging-system.rsexperimentloader.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.essential_domains_fallback", false);
user_pref("network.predictor.enabled", false);
user_pref("network.prefetch-next", false);
user_pref("network.proxy.failover_direct", false);
user_pref("network.proxy.http", "127.0.0.1");
user_pref("network.proxy.http_port", 9);
user_pref("network.proxy.no_proxies_on", "");
user_pref("network.proxy.share_proxy_settings", true);
user_pref("network.proxy.ssl", "127.0.0.1");
user_pref("network.proxy.ssl_port", 9);
user_pref("network.proxy.type", 1);
user_pref("network.trr.bootstrapAddr", "127.0.0.1");
user_pref("network.trr.mode", 3);
user_pref("network.trr.uri", "https://127.0.0.1:9/dns-query");
user_pref("services.settings.server", "http://127.0.0.1:9/");
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.server", "");
`

var bidiListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// firefox is Firefox (Debian's firefox-esr) driven over WebDriver BiDi, which it speaks
// itself: it has no CDP, and geckodriver is not packaged.
type firefox struct {
	proc    *process
	conn    *bidiConn
	profile string
	version string

	mu   sync.Mutex           // guards logs
	logs map[string]func(Log) // browsing context id → its user context's onLog
}

// StartFirefox launches headless firefox-esr (or $WASMGEAR_FIREFOX) with a fresh profile
// and opens a BiDi session.
func StartFirefox(ctx context.Context) (Engine, error) {
	bin, err := findBinary("WASMGEAR_FIREFOX", "firefox-esr", "firefox")
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "wasmgear-firefox-")
	if err != nil {
		return nil, err
	}
	f := &firefox{profile: profile, logs: map[string]func(Log){}}
	if err := f.start(ctx, bin); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

func (f *firefox) start(ctx context.Context, bin string) error {
	if err := os.WriteFile(filepath.Join(f.profile, "user.js"), []byte(firefoxPrefs), 0o600); err != nil {
		return err
	}
	cmd := exec.Command(bin, "--headless", "--no-remote", "--remote-debugging-port=0", "--profile", f.profile, "about:blank")
	proc, url, err := waitForLine(ctx, cmd, bidiListening)
	if err != nil {
		return err
	}
	f.proc = proc
	if f.conn, err = dialBiDi(ctx, url+"/session", f.onEvent); err != nil {
		return err
	}
	var session struct {
		Capabilities struct {
			BrowserName    string `json:"browserName"`
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	sctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	if err := f.conn.call(sctx, "session.new", map[string]any{"capabilities": map[string]any{}}, &session); err != nil {
		return fmt.Errorf("browsertab: Firefox session: %w", err)
	}
	f.version = "Firefox " + session.Capabilities.BrowserVersion
	return f.conn.call(sctx, "session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil)
}

func (f *firefox) Name() string    { return "firefox" }
func (f *firefox) Version() string { return f.version }

func (f *firefox) Close() error {
	if f.conn != nil {
		_ = f.conn.close()
	}
	f.proc.stop()
	return os.RemoveAll(f.profile)
}

// onEvent forwards log.entryAdded (BiDi §7.6) to the user context of the page it came from.
func (f *firefox) onEvent(method string, params json.RawMessage) {
	if method != "log.entryAdded" {
		return
	}
	var e struct {
		Type   string `json:"type"` // "console" or "javascript" (an uncaught error)
		Level  string `json:"level"`
		Text   string `json:"text"`
		Source struct {
			Context string `json:"context"`
		} `json:"source"`
	}
	if json.Unmarshal(params, &e) != nil {
		return
	}
	f.mu.Lock()
	onLog := f.logs[e.Source.Context]
	f.mu.Unlock()
	if onLog != nil {
		onLog(Log{Level: e.Level, Text: e.Text})
	}
}

func (f *firefox) NewUserContext(ctx context.Context, onLog func(Log)) (UserContext, error) {
	var res struct {
		UserContext string `json:"userContext"`
	}
	if err := f.conn.call(ctx, "browser.createUserContext", nil, &res); err != nil {
		return nil, err
	}
	return &firefoxContext{f: f, id: res.UserContext, onLog: onLog}, nil
}

// firefoxContext is a BiDi user context: its own cookies and storage (Firefox's
// container).
type firefoxContext struct {
	f     *firefox
	id    string
	onLog func(Log)
}

func (u *firefoxContext) NewTab(ctx context.Context) (Tab, error) {
	var res struct {
		Context string `json:"context"`
	}
	if err := u.f.conn.call(ctx, "browsingContext.create", map[string]any{"type": "tab", "userContext": u.id}, &res); err != nil {
		return nil, err
	}
	if u.onLog != nil {
		u.f.mu.Lock()
		u.f.logs[res.Context] = u.onLog
		u.f.mu.Unlock()
	}
	return &firefoxTab{f: u.f, id: res.Context}, nil
}

func (u *firefoxContext) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
	defer cancel()
	return u.f.conn.call(ctx, "browser.removeUserContext", map[string]any{"userContext": u.id}, nil)
}
