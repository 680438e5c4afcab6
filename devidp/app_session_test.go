package devidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAppSessionToken_OneUseLandsOnSettingsSignedIn(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland")
	if resp := h.postJSON("/oauth2/app_session_token", `{"refresh_token":"nope"}`); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("bad refresh token: %d", resp.StatusCode)
	} else if e, _ := decodeJSON(t, resp)["error"].(map[string]any); e["name"] != "Forbidden" || e["reason"] != "InvalidGrant" {
		t.Fatalf("bad refresh token: %v", e)
	}
	resp := h.postJSON("/oauth2/app_session_token", `{"refresh_token":"`+tok["refresh_token"].(string)+`"}`)
	result, _ := decodeJSON(t, resp)["result"].(map[string]any)
	token, _ := result["app_session_token"].(string)
	if resp.StatusCode != http.StatusOK || token == "" || result["expire_at"] == nil {
		t.Fatalf("app session token: %d %v", resp.StatusCode, result)
	}
	q := url.Values{"client_id": {"demo"}, "response_type": {"none"}, "prompt": {"none"}, "scope": {"openid"},
		"redirect_uri": {h.srv.URL + "/settings"}, // the provider's own origin: implicitly allowed
		"login_hint":   {"https://authgear.com/login_hint?type=app_session_token&app_session_token=" + url.QueryEscape(token)}}
	if loc := location(t, h.get("/oauth2/authorize", q)); loc.Path != "/settings" || loc.Query().Has("error") {
		t.Fatalf("authorize with the app session token went to %s", loc)
	}
	if body := readBody(t, h.get("/settings", nil)); !strings.Contains(body, `id="settings-user">alice<`) {
		t.Fatalf("settings page without alice: %s", body)
	}
	if loc := location(t, h.get("/oauth2/authorize", q)); loc.Query().Get("error") != "invalid_grant" {
		t.Fatalf("the app session token was spent twice: %s", loc)
	}
}
