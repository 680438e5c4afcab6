package sdk_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/sdk"
)

func TestReauthenticate_RoundTripUpdatesAuthTimeAndKeepsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	before := e.c.Snapshot()
	refreshToken := e.stored("refreshToken")
	events := len(e.events.all())
	e.clock.Advance(time.Second) // devidp shares the clock: the new auth_time is later

	err := e.c.StartReauthentication(context.Background(), sdk.ReauthenticateOptions{RedirectURI: redirectURI, State: "re", UILocales: []string{"fr"}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(e.nav.lastAssigned())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, want := range map[string]string{"response_type": "code", "scope": "openid https://authgear.com/scopes/full-access",
		"id_token_hint": before.IDToken, "max_age": "0", "code_challenge_method": "S256", "x_sso_enabled": "false",
		"x_suppress_idp_session_cookie": "true", "ui_locales": "fr", "redirect_uri": redirectURI} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if q.Get("state") == "" || q.Get("state") == "re" || q.Get("nonce") == "" || q.Has("prompt") {
		t.Errorf("state/nonce/prompt: %v", q)
	}
	e.authorize(u.String(), "login") // max_age=0: the provider shows its login form again

	res, err := e.c.FinishReauthentication(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	after := e.c.Snapshot()
	if res.State != "re" || res.UserInfo == nil || res.UserInfo.Sub == "" {
		t.Fatalf("result = %+v", res)
	}
	if after.IDToken == before.IDToken || after.IDToken != e.stored("idToken") || !after.AuthTime.After(before.AuthTime) {
		t.Fatalf("ID token not replaced or auth time %v not after %v", after.AuthTime, before.AuthTime)
	}
	if e.stored("refreshToken") != refreshToken || after.AccessToken != before.AccessToken || after.State != sdk.SessionStateAuthenticated {
		t.Fatal("reauthentication changed the session's tokens or state")
	}
	if len(e.events.all()) != events {
		t.Fatalf("reauthentication told the listener: %v", e.events.all()[events:])
	}
	// The grant itself was reauthenticated: a refresh brings the new auth_time too.
	e.expire()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := e.c.Snapshot().AuthTime; !got.Equal(after.AuthTime) {
		t.Fatalf("auth time after a refresh = %v, want %v", got, after.AuthTime)
	}
}

func TestReauthenticate_RefusedWithoutClaim(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	err := e.c.StartReauthentication(context.Background(), sdk.ReauthenticateOptions{RedirectURI: redirectURI})
	if !errors.Is(err, sdk.ErrCannotReauthenticate) || e.nav.lastAssigned() != "" || e.count("discovery") != 0 {
		t.Fatalf("err = %v, navigated %q", err, e.nav.lastAssigned())
	}
}

func TestReauthenticate_FinishAuthenticationRefusesItsRedirect(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	if err := e.c.StartReauthentication(context.Background(), sdk.ReauthenticateOptions{RedirectURI: redirectURI}); err != nil {
		t.Fatal(err)
	}
	e.authorize(e.nav.lastAssigned(), "login")
	refreshToken := e.stored("refreshToken")
	if _, err := e.c.FinishAuthentication(context.Background()); !errors.Is(err, sdk.ErrNoAuthentication) {
		t.Fatalf("err = %v, want ErrNoAuthentication", err)
	}
	if e.stored("refreshToken") != refreshToken || e.c.Snapshot().State != sdk.SessionStateAuthenticated {
		t.Fatal("a reauthentication redirect finished as a login changed the session")
	}
}
