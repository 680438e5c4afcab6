package devidp

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp/upstream"
)

// fedHarness is devidp with one connection, "upstream", to an upstream provider.
type fedHarness struct {
	*harness
	up           *upstream.Server
	lastUpstream *url.URL // the upstream authorize request of the latest sign-in
}

// newFedHarness starts devidp and the upstream; wrap, when given, wraps the upstream's
// handler.
func newFedHarness(t *testing.T, wrap ...func(http.Handler) http.Handler) *fedHarness {
	t.Helper()
	upSrv := httptest.NewUnstartedServer(nil)
	t.Cleanup(upSrv.Close)
	var up *upstream.Server
	h := newHarness(t, func(c *Config) {
		var err error
		up, err = upstream.New(upstream.Config{Issuer: "http://" + upSrv.Listener.Addr().String(),
			Clients: []upstream.Client{{ID: "devidp", Secret: "s3cret", RedirectURIs: []string{c.Issuer + CallbackPath}}}})
		if err != nil {
			t.Fatal(err)
		}
		c.Connections = []Connection{{ID: "upstream", AuthorizeURL: up.AuthorizeURL(), TokenURL: up.TokenURL(),
			UserInfoURL: up.MeURL(), ClientID: "devidp", ClientSecret: "s3cret", Scope: "profile"}}
	})
	upSrv.Config.Handler = up
	for _, w := range wrap {
		upSrv.Config.Handler = w(upSrv.Config.Handler)
	}
	upSrv.Start()
	return &fedHarness{harness: h, up: up}
}

// federatedSignIn signs alice in through the upstream with the connection properties and
// returns devidp's token response.
func (h *fedHarness) federatedSignIn(props map[string]string) map[string]any {
	h.t.Helper()
	verifier, challenge := pkcePair()
	back := h.throughUpstream(challenge, props, "alice", "looking-glass", "login")
	tr, body := h.exchange(back.Query().Get("code"), verifier)
	if tr.StatusCode != http.StatusOK {
		h.t.Fatalf("token: %d %v (redirect %s)", tr.StatusCode, body, back)
	}
	return body
}

// throughUpstream follows devidp to the upstream form, answers it with action and
// returns where devidp finally sends the browser back to the app.
func (h *fedHarness) throughUpstream(challenge string, props map[string]string, username, password, action string) *url.URL {
	h.t.Helper()
	over := map[string]string{"x_oauth_provider_alias": "upstream"}
	for k, v := range props {
		over[k] = v
	}
	toUpstream := location(h.t, h.get("/oauth2/authorize", authorizeParams(challenge, over)))
	h.lastUpstream = toUpstream
	resp, err := h.client.Get(toUpstream.String())
	if err != nil {
		h.t.Fatal(err)
	}
	m := requestIDRE.FindStringSubmatch(readBody(h.t, resp))
	if m == nil {
		h.t.Fatalf("no upstream login form at %s", toUpstream.Path)
	}
	resp, err = h.client.PostForm(toUpstream.Scheme+"://"+toUpstream.Host+"/authorize",
		url.Values{"request": {m[1]}, "username": {username}, "password": {password}, "action": {action}})
	if err != nil {
		h.t.Fatal(err)
	}
	callback := location(h.t, resp)
	if callback.Path != CallbackPath {
		h.t.Fatalf("upstream sent the user to %s", callback.Path)
	}
	resp, err = h.client.Get(callback.String())
	if err != nil {
		h.t.Fatal(err)
	}
	return location(h.t, resp)
}

func TestFederatedLogin_Failures(t *testing.T) {
	h := newFedHarness(t)
	_, challenge := pkcePair()
	if back := h.throughUpstream(challenge, nil, "alice", "", "cancel"); back.Query().Get("error") != "access_denied" {
		t.Fatalf("denied upstream: %s", back)
	}
	if back := h.throughUpstream(challenge, nil, "carol", "carrots", "login"); back.Query().Get("error") != "access_denied" ||
		!strings.Contains(back.Query().Get("error_description"), "no devidp account") {
		t.Fatalf("an upstream account without a devidp user: %s", back)
	}
	if resp := h.get(CallbackPath, url.Values{"state": {"forged"}, "code": {"x"}}); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a forged callback state: %d", resp.StatusCode)
	}
	// A callback URL replayed in another browser (login CSRF): refused, state spent.
	toUpstream := location(h.t, h.get("/oauth2/authorize", authorizeParams(challenge, map[string]string{"x_oauth_provider_alias": "upstream"})))
	state := toUpstream.Query().Get("state")
	victim := h.with(t, true)
	if resp := victim.get(CallbackPath, url.Values{"state": {state}, "code": {"x"}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(readBody(t, resp), "another browser") {
		t.Fatalf("a callback from another browser: %d", resp.StatusCode)
	}
	if n := h.idp.Counts()["login"]; n != 0 {
		t.Fatalf("%d sign-ins from failed upstream logins", n)
	}
}

func (h *fedHarness) credentials(path, token string) (int, map[string]any) {
	h.t.Helper()
	resp := h.withBearer(http.MethodGet, path, token)
	return resp.StatusCode, decodeJSON(h.t, resp)
}

func TestFederatedLogin_PassesConnectionPropertiesAndFillsTheVault(t *testing.T) {
	h := newFedHarness(t)
	tokens := h.federatedSignIn(map[string]string{"x_connection_access_type": "offline",
		"x_connection_prompt": "select_account consent", "x_connection_scope": "profile calendar", "x_connection_client_id": "evil"})
	q := h.lastUpstream.Query()
	if q.Get("access_type") != "offline" || q.Get("prompt") != "select_account consent" || q.Get("scope") != "profile calendar" ||
		q.Get("client_id") != "devidp" || q.Get("code_challenge_method") != "S256" || q.Get("x_connection_client_id") != "" {
		t.Fatalf("upstream authorize request: %v", q)
	}
	access := tokens["access_token"].(string)
	status, named := h.credentials("/api/v1/users/me/connections/upstream/credentials", access)
	_, signIn := h.credentials("/api/v1/users/me/credentials", access)
	token, _ := named["accessToken"].(string)
	if status != http.StatusOK || !strings.HasPrefix(token, upstream.AccessTokenPrefix) || signIn["accessToken"] != token {
		t.Fatalf("vault: %d %v, sign-in connection %v", status, named, signIn)
	}
	if n := h.up.Counts()["token:refresh_token"]; n != 0 {
		t.Fatalf("a fresh token was refreshed %d times", n)
	}
	// A password sign-in has no sign-in connection.
	plain := h.with(t, true).signIn("bob", "builder")["access_token"].(string)
	if status, body := h.credentials("/api/v1/users/me/credentials", plain); status != http.StatusNotFound {
		t.Fatalf("password sign-in: %d %v, want 404", status, body)
	}
}

func TestVault_OneUpstreamRefreshForConcurrentRequests(t *testing.T) {
	h := newFedHarness(t)
	access := h.federatedSignIn(map[string]string{"x_connection_access_type": "offline"})["access_token"].(string)
	h.up.ExpireAccessTokens("alice")
	h.idp.ExpireConnectionCredentials("alice", "upstream")
	h.up.ResetCounts()
	var wg sync.WaitGroup
	got := make([]string, 10)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/api/v1/users/me/credentials", nil)
			req.Header.Set("Authorization", "Bearer "+access)
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				got[i] = strings.TrimSpace(readBody(t, resp))
			}
		}()
	}
	wg.Wait()
	for _, g := range got[1:] {
		if g != got[0] || !strings.Contains(g, upstream.AccessTokenPrefix) {
			t.Fatalf("answers differ or fail: %q vs %q", g, got[0])
		}
	}
	if n := h.up.Counts()["token:refresh_token"]; n != 1 {
		t.Fatalf("%d upstream refreshes for 10 concurrent requests, want 1", n)
	}
}

func TestVault_RevokedOrMissingRefreshTokenAsksForConsent(t *testing.T) {
	for _, tt := range []struct {
		name  string
		props map[string]string
	}{
		{"revoked upstream", map[string]string{"x_connection_access_type": "offline"}},
		{"online access only", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newFedHarness(t)
			access := h.federatedSignIn(tt.props)["access_token"].(string)
			h.up.RevokeRefreshTokens("alice")
			h.idp.ExpireConnectionCredentials("alice", "upstream")
			status, body := h.credentials("/api/v1/users/me/credentials", access)
			if status != http.StatusConflict || body["error"] != "consent_required" {
				t.Fatalf("%d %v, want 409 consent_required", status, body)
			}
			if resp := h.withBearer(http.MethodGet, "/oauth2/userinfo", access); resp.StatusCode != http.StatusOK {
				t.Fatalf("the devidp session ended: userinfo %d", resp.StatusCode)
			}
		})
	}
}

// With upstream tokens shorter-lived than the vault's minimum, a fresh token is still
// handed out (it has more than half its lifetime left): the requests that waited for a
// refresh take its result instead of refreshing again.
func TestVault_WaitersTakeTheRefreshTheyWaitedFor(t *testing.T) {
	var h *fedHarness
	holdRefresh := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/token" && h != nil && h.idp.Counts()["upstream_refresh"] > 0 {
				waitFor(t, func() bool { return h.idp.Counts()["credentials"] == 10 }) // all ten wait
			}
			next.ServeHTTP(w, r)
		})
	}
	h = newFedHarness(t, holdRefresh)
	h.up.SetAccessTokenLifetime(time.Minute) // under the default five-minute minimum
	access := h.federatedSignIn(map[string]string{"x_connection_access_type": "offline"})["access_token"].(string)
	h.idp.ExpireConnectionCredentials("alice", "upstream")
	h.idp.ResetCounts()
	h.up.ResetCounts()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/api/v1/users/me/credentials", nil)
			req.Header.Set("Authorization", "Bearer "+access)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				readBody(t, resp)
			}
		}()
	}
	wg.Wait()
	if n := h.up.Counts()["token:refresh_token"]; n != 1 {
		t.Fatalf("%d upstream refreshes for 10 waiting requests, want 1", n)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Error("timed out")
			return
		}
		time.Sleep(time.Millisecond) // polls a server-side counter, not a browser
	}
}

func TestVault_MinRemainingIsConfigurable(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.VaultMinRemaining = time.Minute })
	alice := h.signIn("alice", "wonderland")["access_token"].(string)
	h.idp.StoreConnectionCredentials("alice", "google", Credentials{AccessToken: "google-token", ExpiresAt: time.Now().Add(4 * time.Minute)})
	h.idp.vault.entry(DemoUsers()[0].Sub, "google", false).lifetime = time.Hour // as if stored 56 minutes ago
	resp := h.withBearer(http.MethodGet, "/api/v1/users/me/connections/google/credentials", alice)
	if body := decodeJSON(t, resp); resp.StatusCode != http.StatusOK || body["accessToken"] != "google-token" {
		t.Fatalf("four minutes left, one minute minimum: %d %v", resp.StatusCode, body)
	}
}
