package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

// discoveryDoc is devidp's real discovery document, as a map a test can spoil.
func (e *env) discoveryDoc() map[string]any {
	e.t.Helper()
	resp, err := http.Get(e.issuer + "/.well-known/openid-configuration")
	if err != nil {
		e.t.Fatal(err)
	}
	doc := map[string]any{}
	if err := json.Unmarshal([]byte(readAll(e.t, resp)), &doc); err != nil {
		e.t.Fatal(err)
	}
	return doc
}

// serveDiscovery makes devidp answer discovery with doc from now on.
func (e *env) serveDiscovery(doc map[string]any) {
	e.t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		e.t.Fatal(err)
	}
	e.idp.InjectFault(devidp.Fault{Endpoint: "discovery", Kind: devidp.FaultBody, Body: string(b), Times: 1000})
}

func TestDiscovery_UnsafeOrForeignDocumentsAreRefusedBeforeAnyTokenOrNavigation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		spoil func(doc map[string]any, issuer string)
	}{
		{"a javascript: authorization_endpoint", func(d map[string]any, _ string) { d["authorization_endpoint"] = "javascript:alert(document.domain)" }},
		{"a javascript: end_session_endpoint", func(d map[string]any, _ string) { d["end_session_endpoint"] = "javascript:alert(1)//" }},
		{"a data: token_endpoint", func(d map[string]any, _ string) { d["token_endpoint"] = "data:text/plain,x" }},
		{"plain http off loopback", func(d map[string]any, _ string) { d["revocation_endpoint"] = "http://evil.example/revoke" }},
		{"a relative userinfo_endpoint", func(d map[string]any, _ string) { d["userinfo_endpoint"] = "/userinfo" }},
		{"another issuer", func(d map[string]any, _ string) { d["issuer"] = "https://evil.example" }},
		{"no issuer", func(d map[string]any, _ string) { delete(d, "issuer") }},
		{"no authorization_endpoint", func(d map[string]any, _ string) { delete(d, "authorization_endpoint") }},
		{"no token_endpoint", func(d map[string]any, _ string) { delete(d, "token_endpoint") }},
		{"an endpoint that is not a string", func(d map[string]any, _ string) { d["token_endpoint"] = 42 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := signedIn(t, sdk.Options{})
			rt := e.stored("refreshToken")
			doc := e.discoveryDoc()
			tt.spoil(doc, e.issuer)
			// A fresh container: discovery is fetched once per container.
			c := newContainer(t, "", e.browser(), sdk.WithClock(e.clock))
			if err := c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
				t.Fatal(err)
			}
			e.serveDiscovery(doc)
			mark := len(e.tr.requests(""))
			for name, call := range map[string]func() error{
				"startAuthentication": func() error {
					return c.StartAuthentication(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI})
				},
				"refresh":       func() error { return c.RefreshAccessTokenIfNeeded(context.Background()) },
				"fetchUserInfo": func() error { _, err := c.FetchUserInfo(context.Background()); return err },
				"logout": func() error {
					return c.Logout(context.Background(), sdk.LogoutOptions{RedirectURI: appOrigin + "/bye"})
				},
			} {
				err := call()
				if !errors.Is(err, sdk.ErrInvalidDiscovery) || sdk.KindOf(err) != sdk.KindAuthgear {
					t.Errorf("%s: %v (%s), want ErrInvalidDiscovery", name, err, sdk.KindOf(err))
				}
			}
			for _, r := range e.tr.requests("")[mark:] {
				if !strings.HasSuffix(r.URL, "/.well-known/openid-configuration") {
					t.Errorf("sent %s %s after a refused discovery document", r.Method, strings.SplitN(r.URL, "?", 2)[0])
				}
			}
			if got := e.nav.assignedURLs(); len(got) != 0 {
				t.Errorf("navigated %d times, to %q…", len(got), strings.SplitN(got[0], "?", 2)[0])
			}
			if e.stored("refreshToken") != rt || c.Snapshot().State != sdk.SessionStateAuthenticated {
				t.Errorf("state %s, refresh token kept %v: a refused document must not touch the session",
					c.Snapshot().State, e.stored("refreshToken") == rt)
			}
		})
	}
}

func TestDiscovery_LoopbackHTTPAndATrailingSlashIssuerAreAccepted(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	doc := e.discoveryDoc()
	doc["issuer"] = e.issuer + "/"
	doc["end_session_endpoint"] = "http://localhost:1/end"
	doc["revocation_endpoint"] = "http://127.0.0.2:1/revoke"
	doc["userinfo_endpoint"] = "https://login.example.com/userinfo"
	e.serveDiscovery(doc)
	if err := e.c.StartAuthentication(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI}); err != nil {
		t.Fatalf("a valid document was refused: %v", err)
	}
}

// assignedURLs lists every navigation so far.
func (n *fakeNavigator) assignedURLs() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.assigned...)
}
