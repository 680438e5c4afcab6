package sdk_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

func TestMakeAuthorizeURL_ConnectionProperties(t *testing.T) {
	e := newEnv(t, sdk.Options{})
	raw, err := e.c.MakeAuthorizeURL(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI,
		OAuthProviderAlias: "upstream", ConnectionProperties: sdk.ConnectionProperties{
			Scope: "profile calendar", AccessType: "offline", Prompt: "select_account consent", LoginHint: "alice"}})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	want := map[string]string{"x_oauth_provider_alias": "upstream", "x_connection_scope": "profile calendar",
		"x_connection_access_type": "offline", "x_connection_prompt": "select_account consent", "x_connection_login_hint": "alice",
		"scope": "openid offline_access https://authgear.com/scopes/full-access", "prompt": ""}
	for k, v := range want {
		if got := u.Query().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	_, err = e.c.MakeAuthorizeURL(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI,
		ConnectionProperties: sdk.ConnectionProperties{AccessType: "forever"}})
	if !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Fatalf("access_type forever: %v, want ErrInvalidOptions", err)
	}
}
