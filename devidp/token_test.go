package devidp

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestCodeFlow_IssuesVerifiableTokens(t *testing.T) {
	h := newHarness(t)
	resp, tok := h.exchange(h.code("alice", "wonderland"))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("token: %d %v", resp.StatusCode, tok)
	}
	if tok["token_type"] != "Bearer" || tok["expires_in"] != float64(1800) || tok["scope"] != "openid offline_access" {
		t.Fatalf("token response = %v", tok)
	}
	if rt, _ := tok["refresh_token"].(string); len(rt) != 43 {
		t.Fatalf("refresh_token %q is not 32 base64url bytes", rt)
	}
	alice := DemoUsers()[0]
	at := h.verify(tok["access_token"].(string), jwt.WithAudience(h.srv.URL), jwt.WithExpirationRequired())
	for k, want := range map[string]any{"sub": alice.Sub, "client_id": "demo",
		claimIsAnonymous: false, claimIsVerified: true, claimCanReauthenticate: true} {
		if at[k] != want {
			t.Errorf("access token %s = %v, want %v", k, at[k], want)
		}
	}
	for _, k := range []string{"jti", "sid", "iat", "auth_time"} {
		if at[k] == nil {
			t.Errorf("access token lacks %s", k)
		}
	}
	if roles := at[claimRoles].([]any); len(roles) != 2 || roles[0] != "admin" {
		t.Errorf("roles = %v", roles)
	}
	if amr := at["amr"].([]any); len(amr) != 1 || amr[0] != "pwd" {
		t.Errorf("amr = %v", amr)
	}
	id := h.verify(tok["id_token"].(string), jwt.WithAudience("demo"))
	if id["nonce"] != "n-1" || id["sub"] != alice.Sub || id["sid"] != at["sid"] || id["auth_time"] == nil {
		t.Errorf("id token = %v", id)
	}
	if got := h.idp.Counts()["token:authorization_code"]; got != 1 {
		t.Errorf("token:authorization_code count = %d", got)
	}
}

func TestCodeExchange_Rejections(t *testing.T) {
	tests := []struct {
		name    string
		form    func(code, verifier string) url.Values
		status  int
		wantErr string
	}{
		{name: "missing verifier", wantErr: "invalid_request", status: 400, form: func(c, _ string) url.Values {
			return url.Values{"code": {c}, "redirect_uri": {testRedirect}, "client_id": {"demo"}}
		}},
		{name: "plain verifier", wantErr: "invalid_grant", status: 400, form: func(c, v string) url.Values {
			_, challenge := pkcePair() // a plain-method client sends the challenge as verifier
			return url.Values{"code": {c}, "code_verifier": {challenge}, "redirect_uri": {testRedirect}, "client_id": {"demo"}}
		}},
		{name: "wrong verifier", wantErr: "invalid_grant", status: 400, form: func(c, _ string) url.Values {
			other, _ := pkcePair()
			return url.Values{"code": {c}, "code_verifier": {other}, "redirect_uri": {testRedirect}, "client_id": {"demo"}}
		}},
		{name: "redirect mismatch", wantErr: "invalid_grant", status: 400, form: func(c, v string) url.Values {
			return url.Values{"code": {c}, "code_verifier": {v}, "redirect_uri": {testOrigin + "/other"}, "client_id": {"demo"}}
		}},
		{name: "other client", wantErr: "invalid_grant", status: 400, form: func(c, v string) url.Values {
			return url.Values{"code": {c}, "code_verifier": {v}, "redirect_uri": {testRedirect}, "client_id": {"second"}}
		}},
		{name: "unknown client", wantErr: "invalid_client", status: 401, form: func(c, v string) url.Values {
			return url.Values{"code": {c}, "code_verifier": {v}, "redirect_uri": {testRedirect}, "client_id": {"nobody"}}
		}},
		{name: "unknown code", wantErr: "invalid_grant", status: 400, form: func(_, v string) url.Values {
			return url.Values{"code": {"nope"}, "code_verifier": {v}, "redirect_uri": {testRedirect}, "client_id": {"demo"}}
		}},
		{name: "unsupported grant", wantErr: "unsupported_grant_type", status: 400, form: func(c, v string) url.Values {
			return url.Values{"grant_type": {"password"}, "client_id": {"demo"}}
		}},
	}
	h := newHarness(t, func(c *Config) { c.ClientIDs = []string{"demo", "second"} })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t, true)
			form := tt.form(h.code("alice", "wonderland"))
			if form.Get("grant_type") == "" {
				form.Set("grant_type", "authorization_code")
			}
			resp := h.postForm("/oauth2/token", form)
			body := decodeJSON(t, resp)
			if resp.StatusCode != tt.status || body["error"] != tt.wantErr || resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("got %d %v, want %d %s", resp.StatusCode, body, tt.status, tt.wantErr)
			}
		})
	}
}

func TestCodeExchange_ExpiredCode(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	h := newHarness(t, func(c *Config) { c.Now = clock.Now })
	code, verifier := h.code("alice", "wonderland")
	clock.Advance(codeLifetime + time.Second)
	if resp, body := h.exchange(code, verifier); resp.StatusCode != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("expired code: %d %v", resp.StatusCode, body)
	}
}

func TestCodeExchange_ReplayRevokesGrant(t *testing.T) {
	h := newHarness(t)
	code, verifier := h.code("alice", "wonderland")
	_, tok := h.exchange(code, verifier)
	resp, body := h.exchange(code, verifier)
	if resp.StatusCode != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Fatalf("replay: %d %v", resp.StatusCode, body)
	}
	if resp, body := h.refresh(tok["refresh_token"].(string)); resp.StatusCode != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("refresh after replay: %d %v", resp.StatusCode, body)
	}
	if resp := h.withBearer("GET", "/oauth2/userinfo", tok["access_token"].(string)); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("userinfo after replay: %d", resp.StatusCode)
	}
}

func TestRefreshToken_NonRotating(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("bob", "builder")
	rt := tok["refresh_token"].(string)
	for i := range 2 {
		resp, body := h.refresh(rt)
		if resp.StatusCode != http.StatusOK || body["refresh_token"] != rt || body["access_token"] == tok["access_token"] {
			t.Fatalf("refresh %d: %d %v", i, resp.StatusCode, body)
		}
		h.verify(body["access_token"].(string), jwt.WithAudience(h.srv.URL))
	}
	if got := h.idp.Counts()["token:refresh_token"]; got != 2 {
		t.Fatalf("token:refresh_token count = %d", got)
	}
}

func TestRefreshToken_RotationReuseRevokesFamily(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RotateRefreshTokens = true })
	rt1 := h.signIn("alice", "wonderland")["refresh_token"].(string)
	resp, body := h.refresh(rt1)
	rt2, _ := body["refresh_token"].(string)
	if resp.StatusCode != http.StatusOK || rt2 == "" || rt2 == rt1 {
		t.Fatalf("rotating refresh: %d %v", resp.StatusCode, body)
	}
	at2 := body["access_token"].(string)
	if resp, body := h.refresh(rt1); resp.StatusCode != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("reuse: %d %v", resp.StatusCode, body)
	}
	if got := h.idp.Counts()["reuse_detected"]; got != 1 {
		t.Fatalf("reuse_detected = %d", got)
	}
	if resp, body := h.refresh(rt2); resp.StatusCode != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("family member after reuse: %d %v", resp.StatusCode, body)
	}
	if resp := h.withBearer("GET", "/oauth2/userinfo", at2); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("access token after reuse: %d", resp.StatusCode)
	}
}

func TestRefreshToken_SwitchRotationAtRunTime(t *testing.T) {
	h := newHarness(t)
	rt := h.signIn("alice", "wonderland")["refresh_token"].(string)
	h.idp.SetRotateRefreshTokens(true)
	if _, body := h.refresh(rt); body["refresh_token"] == rt {
		t.Fatal("rotation switched on, but the same refresh token came back")
	}
}

func TestAccessTokenLifetime(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	h := newHarness(t, func(c *Config) { c.Now = clock.Now; c.AccessTokenLifetime = time.Minute })
	tok := h.signIn("alice", "wonderland")
	if tok["expires_in"] != float64(60) {
		t.Fatalf("expires_in = %v", tok["expires_in"])
	}
	h.idp.SetAccessTokenLifetime(5 * time.Second)
	_, body := h.refresh(tok["refresh_token"].(string))
	if body["expires_in"] != float64(5) {
		t.Fatalf("expires_in after SetAccessTokenLifetime = %v", body["expires_in"])
	}
	at := body["access_token"].(string)
	if resp := h.withBearer("GET", "/oauth2/userinfo", at); resp.StatusCode != http.StatusOK {
		t.Fatalf("fresh token: %d", resp.StatusCode)
	}
	clock.Advance(6 * time.Second)
	resp := h.withBearer("GET", "/oauth2/userinfo", at)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("expired token: %d", resp.StatusCode)
	}
}

func TestToken_MethodNotAllowed(t *testing.T) {
	h := newHarness(t)
	if resp := h.get("/oauth2/token", nil); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET /oauth2/token = %d", resp.StatusCode)
	}
}
