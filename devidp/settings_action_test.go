package devidp

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// settingsRequest is a valid settings-action authorization request for the session of
// tok (a token response): a fresh app session token, its ID token as the hint.
func (h *harness) settingsRequest(tok map[string]any, challenge string, over map[string]string) url.Values {
	h.t.Helper()
	resp := h.postJSON("/oauth2/app_session_token", `{"refresh_token":"`+tok["refresh_token"].(string)+`"}`)
	result, _ := decodeJSON(h.t, resp)["result"].(map[string]any)
	token, _ := result["app_session_token"].(string)
	q := authorizeParams(challenge, map[string]string{"response_type": responseTypeSettingsAction,
		"scope": "openid https://authgear.com/scopes/full-access", "x_settings_action": "change_password",
		"id_token_hint": tok["id_token"].(string),
		"login_hint":    "https://authgear.com/login_hint?type=app_session_token&app_session_token=" + url.QueryEscape(token)})
	for k, v := range over {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	return q
}

var xRefField = regexp.MustCompile(`name="x_ref" value="([^"]+)"`)

// completePage opens the page an authorization request leads to and submits form there;
// it answers the response to the submission.
func (h *harness) completePage(q url.Values, form url.Values) (*url.URL, *http.Response) {
	h.t.Helper()
	page := location(h.t, h.get("/oauth2/authorize", q))
	body := readBody(h.t, h.get(page.Path, page.Query()))
	m := xRefField.FindStringSubmatch(body)
	if m == nil {
		h.t.Fatalf("no settings form at %s: %s", page, body)
	}
	form.Set("x_ref", m[1])
	return page, h.postForm(page.Path, form)
}

func TestSettingsAction_AuthorizeChecksItsRequest(t *testing.T) {
	h := newHarness(t)
	h.idp.SetAccountDeletion(false)
	alice := h.signIn("alice", "wonderland")
	bob := (&harness{t: t, idp: h.idp, srv: h.srv, client: newBrowser(t)}).signIn("bob", "builder")
	_, challenge := pkcePair()
	for _, tc := range []struct {
		name string
		over map[string]string
	}{
		{"no app session login_hint", map[string]string{"login_hint": ""}},
		{"an unknown action", map[string]string{"x_settings_action": "rename"}},
		{"link without a configured connection", map[string]string{"x_settings_action": "link_oauth", "x_oauth_provider_alias": "nowhere"}},
		{"no PKCE", map[string]string{"code_challenge": ""}},
		{"a hint of another user", map[string]string{"id_token_hint": bob["id_token"].(string)}},
		{"account deletion switched off", map[string]string{"x_settings_action": "delete_account"}},
	} {
		loc := location(t, h.get("/oauth2/authorize", h.settingsRequest(alice, challenge, tc.over)))
		if !strings.HasPrefix(loc.String(), testRedirect) || loc.Query().Get("error") != "invalid_request" || loc.Query().Get("state") != "st-1" {
			t.Errorf("%s: redirected to %s", tc.name, loc)
		}
	}
}

func TestSettingsAction_PageThenGrantOnceWithExactRedirectAndVerifier(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland")
	verifier, challenge := pkcePair()
	page, resp := h.completePage(h.settingsRequest(tok, challenge, map[string]string{"ui_locales": "fr"}),
		url.Values{"password": {"wonderland"}, "new_password": {"looking-glass"}})
	if q := page.Query(); page.Path != "/settings/change_password" || q.Get("client_id") != "demo" || q.Get("redirect_uri") != testRedirect ||
		q.Get("state") != "st-1" || q.Get("ui_locales") != "fr" {
		t.Fatalf("settings page URL %s", page)
	}
	consent, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusSeeOther || consent.Path != "/oauth2/consent" {
		t.Fatalf("form answered %d %s", resp.StatusCode, consent)
	}
	back := location(t, h.get(consent.Path, consent.Query()))
	code := back.Query().Get("code")
	if !strings.HasPrefix(back.String(), testRedirect+"?") || code == "" || back.Query().Get("state") != "st-1" {
		t.Fatalf("consent sent the browser to %s", back)
	}
	grant := func(redirect, verifier string) (int, map[string]any) {
		resp := h.postForm("/oauth2/token", url.Values{"grant_type": {grantSettingsAction}, "client_id": {"demo"},
			"code": {code}, "redirect_uri": {redirect}, "code_verifier": {verifier}})
		return resp.StatusCode, decodeJSON(t, resp)
	}
	if status, body := grant(testRedirect+"?x=1", verifier); status != 400 || body["error"] != "invalid_request" {
		t.Errorf("another redirect URI: %d %v", status, body)
	}
	if status, body := grant(testRedirect, randomToken()); status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("another verifier: %d %v", status, body)
	}
	if status, body := grant(testRedirect, verifier); status != 200 || len(body) != 0 {
		t.Fatalf("the grant: %d %v, want 200 {}", status, body)
	}
	if status, body := grant(testRedirect, verifier); status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("the code again: %d %v", status, body)
	}
	if h.idp.authenticate("alice", "wonderland") != nil || h.idp.authenticate("alice", "looking-glass") == nil {
		t.Error("the password did not change")
	}
	if body := readBody(t, h.get(consent.Path, consent.Query())); !strings.Contains(body, "unknown") {
		t.Error("the consent step answered twice")
	}
}

func TestSettingsAction_PageRefusesAnotherBrowserAndBadInput(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland")
	_, challenge := pkcePair()
	page := location(t, h.get("/oauth2/authorize", h.settingsRequest(tok, challenge, map[string]string{"x_settings_action": "add_email"})))
	if page.Path != "/settings/identity/add_email" || page.Query().Get("q_login_id_key") != "email" {
		t.Fatalf("add_email went to %s", page)
	}
	stranger := &harness{t: t, idp: h.idp, srv: h.srv, client: newBrowser(t)} // no app_session cookie
	if resp := stranger.get(page.Path, page.Query()); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a browser without the app session: HTTP %d", resp.StatusCode)
	}
	ref := page.Query().Get("x_ref")
	for value, want := range map[string]string{"not-an-email": "Enter an email address", "bob@example.com": "already in use"} {
		resp := h.postForm(page.Path, url.Values{"x_ref": {ref}, "value": {value}})
		if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("%s: HTTP %d, no %q", value, resp.StatusCode, want)
		}
	}
}
