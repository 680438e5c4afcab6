package sdk_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

var xRefRE = regexp.MustCompile(`name="x_ref" value="([^"]+)"`)

// settingsPage runs a settings action's page like a browser: the authorize URL's
// redirect to the page, the form submitted with fields, the consent hop, and the
// redirect back in the address bar. It returns the page's path.
func (e *env) settingsPage(authURL string, fields url.Values) string {
	e.t.Helper()
	client := &http.Client{Jar: e.jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page, err := url.Parse(e.issuer)
	if err != nil {
		e.t.Fatal(err)
	}
	if page, err = page.Parse(e.follow(authURL)); err != nil {
		e.t.Fatal(err)
	}
	resp, err := client.Get(page.String())
	if err != nil {
		e.t.Fatal(err)
	}
	m := xRefRE.FindStringSubmatch(readAll(e.t, resp))
	if resp.StatusCode != http.StatusOK || m == nil {
		e.t.Fatalf("settings page %s: HTTP %d, no x_ref", page.Path, resp.StatusCode)
	}
	fields.Set("x_ref", m[1])
	resp, err = client.PostForm(e.issuer+page.Path, fields)
	if err != nil {
		e.t.Fatal(err)
	}
	body := readAll(e.t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("settings form: HTTP %d: %s", resp.StatusCode, body)
	}
	e.nav.SetLocation(e.follow(e.issuer + resp.Header.Get("Location")))
	return page.Path
}

// connectedIdP is a provider with one upstream connection to link.
var connectedIdP = devidp.Config{Connections: []devidp.Connection{{ID: "upstream", AuthorizeURL: "http://127.0.0.1:1/authorize",
	TokenURL: "http://127.0.0.1:1/token", UserInfoURL: "http://127.0.0.1:1/me", ClientID: "devidp"}}}

func TestSettingsAction_EachRoundTripsThroughItsPage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		action, original, alias, page string
		fields                        url.Values
		check                         func(info *sdk.UserInfo) bool
	}{
		{action: sdk.SettingsActionChangePassword, page: "/settings/change_password",
			fields: url.Values{"password": {"wonderland"}, "new_password": {"looking-glass"}}},
		{action: sdk.SettingsActionAddEmail, page: "/settings/identity/add_email", fields: url.Values{"value": {"alice@wonder.land"}},
			check: func(u *sdk.UserInfo) bool { return countIdentities(u, "email") == 2 }},
		{action: sdk.SettingsActionAddPhone, page: "/settings/identity/add_phone", fields: url.Values{"value": {"+85291234567"}},
			check: func(u *sdk.UserInfo) bool { return u.Raw["phone_number"] == "+85291234567" }},
		{action: sdk.SettingsActionAddUsername, page: "/settings/identity/add_username", fields: url.Values{"value": {"alice2"}},
			check: func(u *sdk.UserInfo) bool { return countIdentities(u, "username") == 2 }},
		{action: sdk.SettingsActionChangeEmail, original: "alice@example.com", page: "/settings/identity/change_email",
			fields: url.Values{"value": {"a@wonder.land"}}, check: func(u *sdk.UserInfo) bool { return u.Raw["email"] == "a@wonder.land" }},
		{action: sdk.SettingsActionChangeUsername, original: "alice", page: "/settings/identity/change_username",
			fields: url.Values{"value": {"liddell"}}, check: func(u *sdk.UserInfo) bool { return u.Raw["preferred_username"] == "liddell" }},
		{action: sdk.SettingsActionLinkOAuth, alias: "upstream", page: "/settings/identity/oauth", fields: url.Values{},
			check: func(u *sdk.UserInfo) bool { return countIdentities(u, "oauth") == 1 }},
	} {
		t.Run(tc.action, func(t *testing.T) {
			t.Parallel()
			e := newEnvWithIdP(t, connectedIdP, sdk.Options{})
			e.login()
			before := e.c.Snapshot()
			rt := e.stored("refreshToken")
			events := len(e.events.all())
			err := e.c.StartSettingsAction(context.Background(), tc.action, sdk.SettingsActionOptions{RedirectURI: redirectURI,
				State: "mine", UILocales: []string{"fr"}, OriginalLoginID: tc.original, OAuthProviderAlias: tc.alias})
			if err != nil {
				t.Fatal(err)
			}
			authURL, err := url.Parse(e.nav.lastAssigned())
			if err != nil {
				t.Fatal(err)
			}
			q := authURL.Query()
			for k, want := range map[string]string{"response_type": "urn:authgear:params:oauth:response-type:settings-action",
				"scope": "openid https://authgear.com/scopes/full-access", "id_token_hint": before.IDToken, "x_settings_action": tc.action,
				"code_challenge_method": "S256", "x_sso_enabled": "false", "ui_locales": "fr", "redirect_uri": redirectURI,
				"x_oauth_provider_alias": tc.alias} {
				if q.Get(k) != want {
					t.Errorf("%s = %q, want %q", k, q.Get(k), want)
				}
			}
			want := url.Values{"q_login_id": {tc.original}}.Encode()
			if (tc.original != "") != q.Has("x_settings_action_query") ||
				(tc.original != "" && q.Get("x_settings_action_query") != want) {
				t.Errorf("x_settings_action_query = %q, want it only for a change, as %q", q.Get("x_settings_action_query"), want)
			}
			if hint, _ := url.Parse(q.Get("login_hint")); hint == nil || hint.Query().Get("type") != "app_session_token" || q.Get("state") == "mine" {
				t.Errorf("login_hint %q / state %q", q.Get("login_hint"), q.Get("state"))
			}
			if got := e.settingsPage(authURL.String(), tc.fields); got != tc.page {
				t.Errorf("page = %s, want %s", got, tc.page)
			}
			if err := e.c.FinishSettingsAction(context.Background(), tc.action); err != nil {
				t.Fatal(err)
			}
			if e.count("token:urn:authgear:params:oauth:grant-type:settings-action") != 1 || e.stored("refreshToken") != rt ||
				e.c.Snapshot().State != sdk.SessionStateAuthenticated || len(e.events.all()) != events {
				t.Fatal("the settings action changed the session")
			}
			if tc.check == nil {
				return
			}
			info, err := e.c.FetchUserInfo(context.Background())
			if err != nil || !tc.check(info) {
				t.Fatalf("the change does not show in userinfo: %v %v", err, info)
			}
		})
	}
}

func countIdentities(u *sdk.UserInfo, kind string) int {
	return len(slices.DeleteFunc(slices.Clone(u.Identities), func(i sdk.Identity) bool { return i.LoginIDType != kind && i.Type != kind }))
}

func TestSettingsAction_DeleteAccountEndsTheSessionAndTheUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	rt := e.stored("refreshToken")
	if err := e.c.StartSettingsAction(context.Background(), sdk.SettingsActionDeleteAccount, sdk.SettingsActionOptions{RedirectURI: redirectURI}); err != nil {
		t.Fatal(err)
	}
	e.settingsPage(e.nav.lastAssigned(), url.Values{})
	if err := e.c.FinishSettingsAction(context.Background(), sdk.SettingsActionDeleteAccount); err != nil {
		t.Fatal(err)
	}
	if s := e.c.Snapshot(); s.State != sdk.SessionStateNoSession || e.stored("refreshToken") != "" || e.stored("idToken") != "" ||
		e.events.last().Reason != sdk.ReasonInvalid {
		t.Fatalf("after delete: %v, stored %q, last reason %v", s.State, e.stored("refreshToken"), e.events.last())
	}
	resp, err := http.PostForm(e.issuer+"/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {clientID}})
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); resp.StatusCode != http.StatusBadRequest || !regexp.MustCompile(`invalid_grant`).MatchString(body) {
		t.Fatalf("the deleted user's refresh token: HTTP %d %s", resp.StatusCode, body)
	}
}

func TestSettingsAction_Preconditions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	o := sdk.SettingsActionOptions{RedirectURI: redirectURI}
	start := func(action string, o sdk.SettingsActionOptions) error {
		return e.c.StartSettingsAction(context.Background(), action, o)
	}
	if err := start(sdk.SettingsActionChangePassword, o); !errors.Is(err, sdk.ErrNoSession) {
		t.Errorf("signed out: %v", err)
	}
	if err := start(sdk.SettingsActionLinkOAuth, o); !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Errorf("link without alias: %v", err)
	}
	if err := start(sdk.SettingsActionChangeEmail, o); !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Errorf("change without original: %v", err)
	}
	if err := start("rename_account", o); !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Errorf("unknown action: %v", err)
	}
	cookie := newEnv(t, sdk.Options{SessionType: sdk.SessionTypeCookie})
	if err := cookie.c.StartSettingsAction(context.Background(), sdk.SettingsActionChangePassword, o); !errors.Is(err, sdk.ErrUnsupportedInCookieMode) {
		t.Errorf("cookie mode: %v", err)
	}
	if e.nav.lastAssigned() != "" || e.count("app_session_token") != 0 || e.count("discovery") != 0 {
		t.Error("a refused settings action made a request or navigated")
	}
	e.login()
	if err := start(sdk.SettingsActionChangePassword, o); err != nil {
		t.Fatal(err)
	}
	e.settingsPage(e.nav.lastAssigned(), url.Values{"password": {"wonderland"}, "new_password": {"looking-glass"}})
	if err := e.c.FinishSettingsAction(context.Background(), sdk.SettingsActionDeleteAccount); !errors.Is(err, sdk.ErrNoAuthentication) {
		t.Errorf("finishing another action: %v", err)
	}
	if e.c.Snapshot().State != sdk.SessionStateAuthenticated {
		t.Error("a mismatched finish ended the session")
	}
}
