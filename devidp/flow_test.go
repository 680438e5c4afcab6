package devidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestDiscovery(t *testing.T) {
	h := newHarness(t)
	resp := h.get("/.well-known/openid-configuration", nil)
	doc := decodeJSON(t, resp)
	want := map[string]string{
		"issuer":                 h.srv.URL,
		"authorization_endpoint": h.srv.URL + "/oauth2/authorize",
		"token_endpoint":         h.srv.URL + "/oauth2/token",
		"userinfo_endpoint":      h.srv.URL + "/oauth2/userinfo",
		"revocation_endpoint":    h.srv.URL + "/oauth2/revoke",
		"end_session_endpoint":   h.srv.URL + "/oauth2/end_session",
		"jwks_uri":               h.srv.URL + "/oauth2/jwks",
	}
	for k, v := range want {
		if doc[k] != v {
			t.Errorf("%s = %v, want %s", k, doc[k], v)
		}
	}
	if got := doc["code_challenge_methods_supported"].([]any); len(got) != 1 || got[0] != "S256" {
		t.Errorf("code_challenge_methods_supported = %v", got)
	}
	if got := doc["response_types_supported"].([]any); len(got) != 2 || got[0] != "code" || got[1] != "none" {
		t.Errorf("response_types_supported = %v", got)
	}
	if h.idp.Counts()["discovery"] != 1 {
		t.Errorf("discovery count = %d", h.idp.Counts()["discovery"])
	}
}

func TestAuthorize_NoRedirectForUnvalidatedClient(t *testing.T) {
	_, challenge := pkcePair()
	tests := []struct {
		name string
		over map[string]string
	}{
		{name: "unknown client", over: map[string]string{"client_id": "other"}},
		{name: "foreign redirect origin", over: map[string]string{"redirect_uri": "https://evil.example/cb"}},
		{name: "missing redirect", over: map[string]string{"redirect_uri": ""}},
		{name: "relative redirect", over: map[string]string{"redirect_uri": "/cb"}},
	}
	h := newHarness(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t, false)
			resp := h.get("/oauth2/authorize", authorizeParams(challenge, tt.over))
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" ||
				!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("got %d Location=%q", resp.StatusCode, resp.Header.Get("Location"))
			}
		})
	}
}

func TestAuthorize_ErrorRedirects(t *testing.T) {
	_, challenge := pkcePair()
	tests := []struct {
		name string
		over map[string]string
		want string
	}{
		{name: "missing challenge", over: map[string]string{"code_challenge": ""}, want: "invalid_request"},
		{name: "plain method", over: map[string]string{"code_challenge_method": "plain"}, want: "invalid_request"},
		{name: "missing method", over: map[string]string{"code_challenge_method": ""}, want: "invalid_request"},
		{name: "short challenge", over: map[string]string{"code_challenge": "abc"}, want: "invalid_request"},
		{name: "token response type", over: map[string]string{"response_type": "token"}, want: "unsupported_response_type"},
		{name: "no openid scope", over: map[string]string{"scope": "offline_access"}, want: "invalid_scope"},
		{name: "prompt none without session", over: map[string]string{"prompt": "none"}, want: "login_required"},
	}
	h := newHarness(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t, false)
			loc := location(t, h.get("/oauth2/authorize", authorizeParams(challenge, tt.over)))
			q := loc.Query()
			if !strings.HasPrefix(loc.String(), testRedirect+"?") || q.Get("error") != tt.want ||
				q.Get("state") != "st-1" || q.Get("error_description") == "" {
				t.Fatalf("redirect = %s, want error=%s", loc, tt.want)
			}
		})
	}
}

func TestLogin_WrongPasswordShowsError(t *testing.T) {
	h := newHarness(t)
	_, challenge := pkcePair()
	id := h.openForm(authorizeParams(challenge, nil))
	resp := h.submit(id, "alice", "wrong")
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<p id="error"`) ||
		!strings.Contains(body, `id="username"`) {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
	// The same pending request still accepts the right password.
	if loc := location(t, h.submit(id, "alice", "wonderland")); loc.Query().Get("code") == "" {
		t.Fatalf("no code after retry: %s", loc)
	}
	if got := h.idp.Counts()["login"]; got != 1 {
		t.Fatalf("login count = %d, want 1", got)
	}
}

func TestLogin_FormElements(t *testing.T) {
	h := newHarness(t)
	_, challenge := pkcePair()
	resp := h.get("/oauth2/authorize", authorizeParams(challenge, map[string]string{"x_page": "signup", "ui_locales": "fr"}))
	body := readBody(t, resp)
	for _, want := range []string{`id="username" name="username"`, `id="password" name="password"`,
		`id="login"`, `id="cancel"`, `data-page="signup"`, `data-ui-locales="fr"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
}

func TestLogin_CancelRedirectsAccessDenied(t *testing.T) {
	h := newHarness(t)
	_, challenge := pkcePair()
	id := h.openForm(authorizeParams(challenge, nil))
	loc := location(t, h.postForm("/oauth2/authorize", url.Values{"request": {id}, "action": {"cancel"}}))
	if loc.Query().Get("error") != "access_denied" || loc.Query().Get("state") != "st-1" {
		t.Fatalf("cancel redirect = %s", loc)
	}
	if resp := h.submit(id, "alice", "wonderland"); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("canceled request answered %d, want 400", resp.StatusCode)
	}
}

func TestLogin_SetsSessionCookie(t *testing.T) {
	tests := []struct {
		name     string
		suppress bool
	}{
		{name: "cookie set"},
		{name: "suppressed", suppress: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.CookieName = "idp_sess" })
			_, challenge := pkcePair()
			over := map[string]string{}
			if tt.suppress {
				over["x_suppress_idp_session_cookie"] = "true"
			}
			resp := h.submit(h.openForm(authorizeParams(challenge, over)), "bob", "builder")
			var got *http.Cookie
			for _, c := range resp.Cookies() {
				if c.Name == "idp_sess" {
					got = c
				}
			}
			if tt.suppress {
				if got != nil {
					t.Fatal("cookie set despite x_suppress_idp_session_cookie")
				}
				return
			}
			if got == nil || !got.HttpOnly || got.SameSite != http.SameSiteLaxMode || got.Path != "/" || len(got.Value) < 40 {
				t.Fatalf("cookie = %+v", got)
			}
		})
	}
}

func TestAuthorize_SSOAndPrompt(t *testing.T) {
	h := newHarness(t)
	_, challenge := pkcePair()
	h.login(authorizeParams(challenge, nil), "alice", "wonderland")

	loc := location(t, h.get("/oauth2/authorize", authorizeParams(challenge, map[string]string{"state": "st-2"})))
	if loc.Query().Get("code") == "" || loc.Query().Get("state") != "st-2" {
		t.Fatalf("SSO redirect = %s", loc)
	}
	loc = location(t, h.get("/oauth2/authorize", authorizeParams(challenge, map[string]string{"prompt": "none"})))
	if loc.Query().Get("code") == "" {
		t.Fatalf("prompt=none with session = %s", loc)
	}
	h.openForm(authorizeParams(challenge, map[string]string{"prompt": "login"})) // fails unless the form shows
	if got := h.idp.Counts()["login"]; got != 1 {
		t.Fatalf("login count = %d", got)
	}
}

func TestAuthorize_CookieModeResponseTypeNone(t *testing.T) {
	h := newHarness(t)
	loc := h.login(authorizeParams("", map[string]string{"response_type": "none",
		"code_challenge": "", "code_challenge_method": ""}), "alice", "wonderland")
	if loc.Query().Get("code") != "" || loc.Query().Get("state") != "st-1" || loc.Query().Get("error") != "" {
		t.Fatalf("redirect = %s", loc)
	}
	info := decodeJSON(t, h.get("/oauth2/userinfo", nil))
	if info["preferred_username"] != "alice" {
		t.Fatalf("cookie userinfo = %v", info)
	}
}
