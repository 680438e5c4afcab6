package sdk_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

const (
	appOrigin   = "https://app.example.com"
	redirectURI = appOrigin + "/callback?keep=1"
	clientID    = devidp.DefaultClientID
	keyPrefix   = "authgear_default_"
)

// env is one provider, one container and the fakes around it: a page with its browser.
type env struct {
	t       *testing.T
	idp     *devidp.Server
	issuer  string
	c       *sdk.Container
	storage *sdk.MemoryStorage
	nav     *fakeNavigator
	clock   *fakeClock
	tr      *httpTransport
	jar     http.CookieJar
	events  *eventLog
}

// newEnv starts devidp on 127.0.0.1 and a container configured with opts (ClientID and
// Endpoint are filled in).
func newEnv(t *testing.T, opts sdk.Options, extra ...sdk.Option) *env {
	t.Helper()
	return newEnvWith(t, nil, opts, extra...)
}

// newEnvWithIdP is newEnv with a provider configured by cfg (Issuer, AllowedOrigins and
// Now are filled in).
func newEnvWithIdP(t *testing.T, cfg devidp.Config, opts sdk.Options, extra ...sdk.Option) *env {
	t.Helper()
	return newEnvWith(t, func(c *devidp.Config, _ *fakeClock) {
		cfg.Issuer, cfg.AllowedOrigins, cfg.Now = c.Issuer, c.AllowedOrigins, c.Now
		*c = cfg
	}, opts, extra...)
}

// newEnvWith is newEnv with the provider's configuration adjusted by tweak (which may
// read the env's clock).
func newEnvWith(t *testing.T, tweak func(*devidp.Config, *fakeClock), opts sdk.Options, extra ...sdk.Option) *env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	// One clock for both sides: the ID token's exp and iat are checked against the container's.
	cfg := devidp.Config{Issuer: issuer, AllowedOrigins: []string{appOrigin}, Now: clock.Now}
	if tweak != nil {
		tweak(&cfg, clock)
	}
	idp, err := devidp.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: idp}}
	srv.Start()
	t.Cleanup(srv.Close)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{
		t: t, idp: idp, issuer: issuer, storage: sdk.NewMemoryStorage(), nav: &fakeNavigator{},
		clock: clock, jar: jar, events: &eventLog{},
		tr: &httpTransport{withCookies: &http.Client{Jar: jar, CheckRedirect: refuseRedirects}, noCookies: &http.Client{CheckRedirect: refuseRedirects}},
	}
	e.c = newContainer(t, "", e.browser(), append([]sdk.Option{sdk.WithClock(e.clock), sdk.WithListener(e.events.listener)}, extra...)...)
	opts.ClientID, opts.Endpoint = clientID, issuer
	if err := e.c.Configure(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	return e
}

// browser is e's fakes as the browser of a container; tests replace fields.
func (e *env) browser() sdk.Browser {
	return sdk.Browser{Transport: e.tr, URLs: netURLParser{}, Crypto: stdCrypto{}, Navigator: e.nav, Storage: e.storage, Verifier: sdk.GoVerifier{}}
}

// newContainer is sdk.NewContainer for a browser the test knows is complete.
func newContainer(t *testing.T, name string, b sdk.Browser, opts ...sdk.Option) *sdk.Container {
	t.Helper()
	c, err := sdk.NewContainer(name, b, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var requestFieldRE = regexp.MustCompile(`name="request" value="([^"]+)"`)

// authorize runs the provider's login page like a browser: GET the authorize URL, submit
// the form with action ("login" or "cancel"), and put the redirect in the address bar.
func (e *env) authorize(authURL, action string) string {
	e.t.Helper()
	client := &http.Client{Jar: e.jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := client.Get(authURL)
	if err != nil {
		e.t.Fatal(err)
	}
	page := readAll(e.t, resp)
	m := requestFieldRE.FindStringSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		e.t.Fatalf("authorize page: HTTP %d, no request field", resp.StatusCode)
	}
	form := url.Values{"request": {m[1]}, "username": {"alice"}, "password": {"wonderland"}, "action": {action}}
	resp, err = client.PostForm(e.issuer+"/oauth2/authorize", form)
	if err != nil {
		e.t.Fatal(err)
	}
	readAll(e.t, resp)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || loc == "" {
		e.t.Fatalf("login: HTTP %d, Location %q", resp.StatusCode, loc)
	}
	e.nav.SetLocation(loc)
	return loc
}

// startLogin makes the authorize URL and signs alice in, leaving the redirect in the
// address bar.
func (e *env) startLogin(o sdk.AuthenticateOptions) string {
	e.t.Helper()
	if o.RedirectURI == "" {
		o.RedirectURI = redirectURI
	}
	authURL, err := e.c.MakeAuthorizeURL(context.Background(), o)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.authorize(authURL, "login")
}

// login signs alice in completely.
func (e *env) login() *sdk.AuthenticateResult {
	e.t.Helper()
	e.startLogin(sdk.AuthenticateOptions{State: "app-state"})
	res, err := e.c.FinishAuthentication(context.Background())
	if err != nil {
		e.t.Fatalf("FinishAuthentication: %v", err)
	}
	return res
}

// stored returns a storage value by suffix.
func (e *env) stored(suffix string) string {
	v, _, _ := e.storage.Get(keyPrefix + suffix)
	return v
}

// count returns a devidp counter.
func (e *env) count(key string) int { return e.idp.Counts()[key] }

// expire moves the clock past the access token's expireAt.
func (e *env) expire() {
	e.clock.Advance(e.c.Snapshot().ExpireAt.Sub(e.clock.Now()))
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// follow GETs u without following redirects, with e's cookies, and returns the Location.
func (e *env) follow(u string) string {
	e.t.Helper()
	client := &http.Client{Jar: e.jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(u)
	if err != nil {
		e.t.Fatal(err)
	}
	readAll(e.t, resp)
	return resp.Header.Get("Location")
}

// refuseRedirects is fetch's redirect: "error", which the bridge sets on every protocol
// request: a redirected token request would carry its body to another host.
func refuseRedirects(*http.Request, []*http.Request) error {
	return errors.New("test transport: redirect refused, as fetch's redirect: \"error\"")
}
