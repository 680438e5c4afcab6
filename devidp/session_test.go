package devidp

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestUserInfo_Claims(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland")
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		resp := h.withBearer(method, "/oauth2/userinfo", tok["access_token"].(string))
		info := decodeJSON(t, resp)
		alice := DemoUsers()[0]
		for k, want := range map[string]any{"sub": alice.Sub, "email": alice.Email, "email_verified": true,
			"name": alice.Name, "given_name": "Alice", "family_name": "Liddell", "preferred_username": "alice",
			claimIsAnonymous: false, claimIsVerified: true, claimCanReauthenticate: true} {
			if info[k] != want {
				t.Errorf("%s: %s = %v, want %v", method, k, info[k], want)
			}
		}
		if _, ok := info["updated_at"].(float64); !ok {
			t.Errorf("updated_at = %v", info["updated_at"])
		}
		if roles, _ := info[claimRoles].([]any); len(roles) != 2 || roles[1] != "reader" {
			t.Errorf("roles = %v", info[claimRoles])
		}
		if ca, _ := info["custom_attributes"].(map[string]any); ca["plan"] != "pro" {
			t.Errorf("custom_attributes = %v", info["custom_attributes"])
		}
	}
	if got := h.idp.Counts()["userinfo"]; got != 2 {
		t.Errorf("userinfo count = %d", got)
	}
}

func TestUserInfo_Unauthorized(t *testing.T) {
	h := newHarness(t)
	crafted, err := h.idp.SignAccessToken(map[string]any{"iss": h.srv.URL, "aud": []string{h.srv.URL},
		"sub": "x", "exp": 4102444800, "sid": "no-such-grant"})
	if err != nil {
		t.Fatal(err)
	}
	idToken := h.signIn("alice", "wonderland")["id_token"].(string)
	tests := []struct {
		name, auth string
	}{
		{name: "garbage", auth: "Bearer not-a-jwt"},
		{name: "unknown sid", auth: "Bearer " + crafted},
		{name: "id token is no access token", auth: "Bearer " + idToken},
		{name: "basic scheme", auth: "Basic YTpi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t, true)
			req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/oauth2/userinfo", nil)
			req.Header.Set("Authorization", tt.auth)
			resp := h.do(req)
			body := decodeJSON(t, resp)
			if resp.StatusCode != http.StatusUnauthorized || body["error"] != "invalid_token" ||
				!strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
				t.Fatalf("got %d %v %q", resp.StatusCode, body, resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
}

func TestRevoke_RefreshToken(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland")
	for _, token := range []string{tok["refresh_token"].(string), "unknown-token"} {
		if resp := h.postForm("/oauth2/revoke", url.Values{"token": {token}, "client_id": {"demo"}}); resp.StatusCode != http.StatusOK {
			t.Fatalf("revoke: %d", resp.StatusCode)
		}
	}
	if resp, body := h.refresh(tok["refresh_token"].(string)); resp.StatusCode != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("refresh after revoke: %d %v", resp.StatusCode, body)
	}
	if resp := h.withBearer("GET", "/oauth2/userinfo", tok["access_token"].(string)); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("userinfo after revoke: %d", resp.StatusCode)
	}
	if got := h.idp.Counts()["revoke"]; got != 2 {
		t.Fatalf("revoke count = %d", got)
	}
}

func TestRevokeUserSessions(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland") // also leaves an IdP cookie session
	bob := h.with(t, true).signIn("bob", "builder")
	if n := h.idp.RevokeUserSessions("alice"); n != 2 {
		t.Fatalf("RevokeUserSessions = %d, want 2 (one grant, one cookie session)", n)
	}
	if resp, body := h.refresh(tok["refresh_token"].(string)); resp.StatusCode != 400 || body["error"] != "invalid_grant" {
		t.Fatalf("refresh: %d %v", resp.StatusCode, body)
	}
	at := tok["access_token"].(string)
	resp := h.withBearer("GET", "/oauth2/userinfo", at)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Fatalf("userinfo: %d", resp.StatusCode)
	}
	if got := h.withBearer("GET", "/_resolver/resolve", at).Header.Get("x-authgear-session-valid"); got != "false" {
		t.Fatalf("resolver bearer = %q", got)
	}
	if got := h.get("/_resolver/resolve", nil).Header.Get("x-authgear-session-valid"); got != "false" {
		t.Fatalf("resolver cookie = %q", got)
	}
	if resp, _ := h.refresh(bob["refresh_token"].(string)); resp.StatusCode != http.StatusOK {
		t.Fatalf("bob's session was revoked too: %d", resp.StatusCode)
	}
}

func TestEndSession(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland")
	loc := location(t, h.get("/oauth2/end_session", url.Values{"id_token_hint": {tok["id_token"].(string)},
		"post_logout_redirect_uri": {testOrigin + "/bye"}, "state": {"s9"}}))
	if loc.String() != testOrigin+"/bye?state=s9" {
		t.Fatalf("end_session redirect = %s", loc)
	}
	_, challenge := pkcePair()
	loc = location(t, h.get("/oauth2/authorize", authorizeParams(challenge, map[string]string{"prompt": "none"})))
	if loc.Query().Get("error") != "login_required" {
		t.Fatalf("session survived logout: %s", loc)
	}
	if resp, _ := h.refresh(tok["refresh_token"].(string)); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("grant of the ended session still refreshes: %d", resp.StatusCode)
	}
	if resp := h.get("/oauth2/end_session", url.Values{"post_logout_redirect_uri": {"https://evil.example/"}}); resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
		t.Fatalf("foreign post_logout_redirect_uri: %d", resp.StatusCode)
	}
	resp := h.get("/oauth2/end_session", nil)
	if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="signed-out"`) {
		t.Fatalf("signed-out page: %d %s", resp.StatusCode, body)
	}
	if got := h.idp.Counts()["end_session"]; got != 3 {
		t.Fatalf("end_session count = %d", got)
	}
}

func TestResolver(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland") // h's browser now holds alice's cookie
	at := tok["access_token"].(string)
	alice := DemoUsers()[0]
	tests := []struct {
		name      string
		auth      string
		useCookie bool
		wantValid string // "" = header absent
	}{
		{name: "no credential", wantValid: ""},
		{name: "valid bearer", auth: "Bearer " + at, wantValid: "true"},
		{name: "invalid bearer", auth: "Bearer nonsense", wantValid: "false"},
		{name: "valid cookie", useCookie: true, wantValid: "true"},
		{name: "authorization wins over cookie", auth: "Bearer nonsense", useCookie: true, wantValid: "false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t, !tt.useCookie)
			req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/_resolver/resolve", nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp := h.do(req)
			hd := resp.Header
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got, present := hd["X-Authgear-Session-Valid"]; tt.wantValid == "" && present || tt.wantValid != "" && (len(got) != 1 || got[0] != tt.wantValid) {
				t.Fatalf("x-authgear-session-valid = %v, want %q", got, tt.wantValid)
			}
			if tt.wantValid != "true" {
				return
			}
			want := map[string]string{"x-authgear-user-id": alice.Sub, "x-authgear-user-anonymous": "false",
				"x-authgear-user-verified": "true", "x-authgear-user-can-reauthenticate": "true",
				"x-authgear-user-roles": "admin,reader", "x-authgear-session-amr": "pwd"}
			for k, v := range want {
				if hd.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, hd.Get(k), v)
				}
			}
			if _, err := strconv.ParseInt(hd.Get("x-authgear-session-authenticated-at"), 10, 64); err != nil {
				t.Errorf("authenticated-at = %q", hd.Get("x-authgear-session-authenticated-at"))
			}
		})
	}
	if got := h.idp.Counts()["resolve"]; got != len(tests) {
		t.Errorf("resolve count = %d", got)
	}
}
