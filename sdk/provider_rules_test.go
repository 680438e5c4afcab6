package sdk_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// Rules for any standards-following provider, not only Authgear: devidp's discovery
// document is edited on the wire to act out what other providers publish.

// discoveryEdit is a Transport that rewrites the discovery document it passes on.
type discoveryEdit struct {
	inner sdk.Transport
	edit  func(doc map[string]any)
}

func (d *discoveryEdit) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	resp, err := d.inner.Do(ctx, req)
	if err != nil || !strings.HasSuffix(req.URL, "/.well-known/openid-configuration") {
		return resp, err
	}
	var doc map[string]any
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		return nil, err
	}
	d.edit(doc)
	out := *resp
	out.Body, err = json.Marshal(doc)
	return &out, err
}

// newEditedEnv is newEnv behind a discovery document changed by edit.
func newEditedEnv(t *testing.T, opts sdk.Options, edit func(doc map[string]any)) *env {
	t.Helper()
	return newWrappedEnv(t, opts, func(inner sdk.Transport) sdk.Transport { return &discoveryEdit{inner: inner, edit: edit} })
}

// newWrappedEnv is newEnv whose container sends through wrap(the env's transport).
func newWrappedEnv(t *testing.T, opts sdk.Options, wrap func(inner sdk.Transport) sdk.Transport) *env {
	t.Helper()
	e := newEnv(t, opts)
	b := e.browser()
	b.Transport = wrap(e.tr)
	e.c = newContainer(t, "", b, sdk.WithClock(e.clock), sdk.WithListener(e.events.listener))
	opts.ClientID, opts.Endpoint = clientID, e.issuer
	if err := e.c.Configure(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAuthorize_ScopesFollowScopesSupported(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(doc map[string]any)
		session   sdk.SessionType
		scopes    []string
		wantScope string
	}{
		{"a provider that lists no full-access", func(doc map[string]any) {
			doc["scopes_supported"] = []string{"openid", "offline_access", "profile"}
		}, sdk.SessionTypeRefreshToken, nil, "openid offline_access"},
		{"a provider without offline_access", func(doc map[string]any) {
			doc["scopes_supported"] = []string{"openid"}
		}, sdk.SessionTypeRefreshToken, nil, "openid"},
		{"no scopes_supported list", func(doc map[string]any) { delete(doc, "scopes_supported") },
			sdk.SessionTypeRefreshToken, nil, "openid offline_access https://authgear.com/scopes/full-access"},
		{"cookie mode, no list", func(doc map[string]any) { delete(doc, "scopes_supported") },
			sdk.SessionTypeCookie, nil, "openid https://authgear.com/scopes/full-access"},
		{"explicit scopes override the list", func(doc map[string]any) {
			doc["scopes_supported"] = []string{"openid"}
		}, sdk.SessionTypeRefreshToken, []string{"offline_access", "openid", "profile"}, "openid offline_access profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEditedEnv(t, sdk.Options{SessionType: tt.session, Scopes: tt.scopes}, tt.edit)
			raw, err := e.c.MakeAuthorizeURL(context.Background(), opts())
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(raw)
			if got := u.Query().Get("scope"); got != tt.wantScope {
				t.Fatalf("scope = %q, want %q", got, tt.wantScope)
			}
		})
	}
}

func TestFinishAuthentication_ChecksTheResponseIssuer(t *testing.T) {
	advertise := func(doc map[string]any) { doc["authorization_response_iss_parameter_supported"] = true }
	tests := []struct {
		name    string
		edit    func(doc map[string]any)
		iss     func(e *env) string // "" leaves iss out
		wantErr error
	}{
		{"another issuer (mix-up)", func(map[string]any) {}, func(*env) string { return "https://evil.example" }, sdk.ErrIssuerMismatch},
		{"missing though advertised", advertise, func(*env) string { return "" }, sdk.ErrIssuerMismatch},
		{"the provider's own", advertise, func(e *env) string { return e.issuer }, nil},
		{"not sent, not advertised", func(map[string]any) {}, func(*env) string { return "" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEditedEnv(t, sdk.Options{}, tt.edit)
			loc := e.startLogin(opts())
			if iss := tt.iss(e); iss != "" {
				e.nav.SetLocation(withParam(t, loc, "iss", iss))
			}
			_, err := e.c.FinishAuthentication(context.Background())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("FinishAuthentication: %v, want %v", err, tt.wantErr)
			}
			if strings.Contains(e.nav.lastReplaced(), "iss=") {
				t.Errorf("iss left in the address bar: %s", e.nav.lastReplaced())
			}
			if tt.wantErr != nil && (e.stored("refreshToken") != "" || e.count("token:authorization_code") != 0) {
				t.Error("a rejected response still redeemed the code")
			}
		})
	}
}

func TestFetchUserInfo_WithoutUserInfoEndpointReadsTheIDToken(t *testing.T) {
	e := newEditedEnv(t, sdk.Options{}, func(doc map[string]any) { delete(doc, "userinfo_endpoint") })
	res := e.login()
	info, err := e.c.FetchUserInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.UserInfo.Sub == "" || info.Sub != res.UserInfo.Sub {
		t.Fatalf("sub: finishAuthentication %q, fetchUserInfo %q", res.UserInfo.Sub, info.Sub)
	}
	if _, ok := info.Raw["nonce"]; ok {
		t.Error("the ID token's own claims (nonce) were returned as user claims")
	}
	if n := e.count("userinfo"); n != 0 {
		t.Fatalf("%d userinfo requests to a provider that has no such endpoint", n)
	}
}

func TestConfigure_RejectsScopesThatAreNotTokens(t *testing.T) {
	e := newEnv(t, sdk.Options{})
	err := e.c.Configure(context.Background(), sdk.Options{ClientID: "c", Endpoint: "https://e.example",
		Scopes: []string{"openid profile"}})
	if !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Fatalf("a scope with a space: %v, want ErrInvalidOptions", err)
	}
}

func TestFetchUserInfo_WithoutUserInfoEndpointRefusesAnotherProvidersIDToken(t *testing.T) {
	e := newEditedEnv(t, sdk.Options{}, func(doc map[string]any) { delete(doc, "userinfo_endpoint") })
	e.login()
	parts := strings.Split(e.stored("idToken"), ".")
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	_ = json.Unmarshal(raw, &claims)
	claims["iss"] = "https://other.example"
	raw, _ = json.Marshal(claims)
	parts[1] = base64.RawURLEncoding.EncodeToString(raw)
	_ = e.storage.Set(keyPrefix+"idToken", strings.Join(parts, "."))
	if _, err := e.c.FetchUserInfo(context.Background()); !errors.Is(err, sdk.ErrInvalidIDToken) {
		t.Fatalf("an ID token of another issuer: %v, want ErrInvalidIDToken", err)
	}
}
