package devidp

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// The sign-in page renders at phone width (viewport meta), names a stylesheet and an
// icon the provider serves or inlines, and tells a developer the demo logins.
func TestLoginPage_ViewportStyleIconAndDemoHint(t *testing.T) {
	h := newHarness(t)
	_, challenge := pkcePair()
	body := readBody(t, h.get("/oauth2/authorize", authorizeParams(challenge, nil)))
	for _, want := range []string{
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<link rel="stylesheet" href="` + stylePath + `">`,
		`<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,`,
		`id="demo-login"`, `<code>alice</code> / <code>wonderland</code>`, `<code>bob</code> / <code>builder</code>`,
		`id="username"`, `id="password"`, `id="login"`, `id="cancel"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the login page lacks %s:\n%s", want, body)
		}
	}
	resp := h.get(stylePath, nil)
	css := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(css, "main {") {
		t.Errorf("GET %s: %d %q %.60q", stylePath, resp.StatusCode, resp.Header.Get("Content-Type"), css)
	}
	resp = h.get(faviconPath, nil)
	if icon := readBody(t, resp); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(icon, "<svg") {
		t.Errorf("GET %s: %d %q", faviconPath, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// The hint lists the configured accounts, not a fixed text, and the promote page (a new
// account's own password) shows none.
func TestLoginPage_HintFollowsTheConfiguredUsers(t *testing.T) {
	h := newHarness(t, func(c *Config) {
		c.Users = []User{{Sub: "s-carol", Username: "carol", Password: "pw-carol"}}
	})
	_, challenge := pkcePair()
	body := readBody(t, h.get("/oauth2/authorize", authorizeParams(challenge, nil)))
	if !strings.Contains(body, "<code>carol</code> / <code>pw-carol</code>") || strings.Contains(body, "wonderland") {
		t.Errorf("the hint does not list exactly the configured users:\n%s", body)
	}
}

// Under an issuer with a path the asset URLs carry it, so they are still served.
func TestPages_AssetsUnderABasePath(t *testing.T) {
	srv := httptest.NewUnstartedServer(nil)
	idp, err := New(Config{Issuer: "http://" + srv.Listener.Addr().String() + "/tenant", AllowedOrigins: []string{testOrigin}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = idp
	srv.Start()
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/tenant/oauth2/end_session")
	if err != nil {
		t.Fatal(err)
	}
	b := readBody(t, resp)
	resp.Body.Close()
	m := regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`).FindStringSubmatch(b)
	if m == nil || m[1] != "/tenant"+stylePath {
		t.Fatalf("signed-out page stylesheet link %v:\n%s", m, b)
	}
	css, err := http.Get(srv.URL + m[1])
	if err != nil {
		t.Fatal(err)
	}
	css.Body.Close()
	if css.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d", m[1], css.StatusCode)
	}
}
