package devidp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func postJSON(t *testing.T, h http.Handler, path, body, bearer string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1"+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

// The JSON APIs answer Authgear's envelopes: a sign-up gives tokens, a second sign-up with
// the refresh token keeps the user, a promotion code needs the anonymous user, and a
// disabled project answers 400 Invalid.
func TestAnonymousAPIs(t *testing.T) {
	s, err := New(Config{Issuer: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	status, out := postJSON(t, s, "/api/anonymous_user/signup", `{"client_id":"demo","session_type":"refresh_token"}`, "")
	result, _ := out["result"].(map[string]any)
	if status != 200 || result["access_token"] == nil || result["refresh_token"] == nil || result["id_token"] != nil {
		t.Fatalf("sign-up: %d %v", status, out)
	}
	rt, access := result["refresh_token"].(string), result["access_token"].(string)
	status, out = postJSON(t, s, "/api/anonymous_user/signup", `{"client_id":"demo","session_type":"refresh_token","refresh_token":"`+rt+`"}`, "")
	if again, _ := out["result"].(map[string]any); status != 200 || again["access_token"] == nil || again["refresh_token"] != nil {
		t.Errorf("sign-up again with the refresh token: %d %v", status, out)
	}
	status, out = postJSON(t, s, "/api/anonymous_user/signup", `{"client_id":"demo","session_type":"refresh_token","refresh_token":"nope"}`, "")
	if e, _ := out["error"].(map[string]any); status != 400 || e["name"] != "Invalid" {
		t.Errorf("a bad refresh token: %d %v", status, out)
	}
	status, out = postJSON(t, s, "/api/anonymous_user/promotion_code", `{"session_type":"refresh_token"}`, access)
	if r, _ := out["result"].(map[string]any); status != 200 || r["promotion_code"] == nil || r["expire_at"] == nil {
		t.Errorf("promotion code: %d %v", status, out)
	}
	status, out = postJSON(t, s, "/api/anonymous_user/promotion_code", `{"session_type":"refresh_token"}`, "")
	if e, _ := out["error"].(map[string]any); status != 401 || e["reason"] != "Unauthorized" {
		t.Errorf("promotion code without a token: %d %v", status, out)
	}
	s.SetAnonymousUsers(false)
	status, out = postJSON(t, s, "/api/anonymous_user/signup", `{"client_id":"demo","session_type":"refresh_token"}`, "")
	if e, _ := out["error"].(map[string]any); status != 400 || e["name"] != "Invalid" || e["message"] != "anonymous user disallowed" {
		t.Errorf("disabled: %d %v", status, out)
	}
}

func TestPromotionCodeOf(t *testing.T) {
	for hint, want := range map[string]string{
		"https://authgear.com/login_hint?type=anonymous&promotion_code=a%2Bb":        "a+b",
		"https://authgear.com/login_hint?type=app_session_token&app_session_token=x": "",
		"alice": "",
	} {
		if got := promotionCodeOf(hint); got != want {
			t.Errorf("promotionCodeOf(%q) = %q, want %q", hint, got, want)
		}
	}
}
