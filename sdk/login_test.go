package sdk_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

func TestFinishAuthentication_SignsIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.startLogin(sdk.AuthenticateOptions{State: "app-state"})
	e.nav.SetLocation(e.nav.Location() + "#/route")
	res, err := e.c.FinishAuthentication(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.State != "app-state" || res.UserInfo == nil || res.UserInfo.Sub == "" {
		t.Fatalf("result = %+v", res)
	}
	snap := e.c.Snapshot()
	if snap.State != sdk.SessionStateAuthenticated || snap.AccessToken == "" {
		t.Fatalf("snapshot = %+v", snap)
	}
	// Authgear's EXPIRE_IN_PERCENTAGE: 0.9 × 1800 s from the response.
	if want := e.clock.Now().Add(1620 * time.Second); !snap.ExpireAt.Equal(want) {
		t.Errorf("ExpireAt = %v, want %v", snap.ExpireAt, want)
	}
	wantEvents := []event{{sdk.SessionStateNoSession, sdk.ReasonNoToken}, {sdk.SessionStateAuthenticated, sdk.ReasonAuthenticated}}
	if got := e.events.all(); !reflect.DeepEqual(got, wantEvents) {
		t.Errorf("events = %v, want %v", got, wantEvents)
	}
	if e.stored("refreshToken") == "" || e.stored("idToken") == "" {
		t.Error("refresh token or ID token not stored")
	}
	for _, k := range []string{"oidcCodeVerifier", "oidcState", "oidcNonce", "oidcRedirectURI", "oidcUserState"} {
		if e.stored(k) != "" {
			t.Errorf("one-time value %s left in storage", k)
		}
	}
	if got, want := e.nav.lastReplaced(), appOrigin+"/callback?keep=1#/route"; got != want {
		t.Errorf("ReplaceURL = %q, want %q", got, want)
	}
	if n := e.count("token:authorization_code"); n != 1 {
		t.Errorf("code exchanges = %d, want 1", n)
	}
	for _, r := range e.tr.requests("") {
		if r.Credentials != "omit" {
			t.Errorf("%s %s: credentials %q, want omit", r.Method, r.URL, r.Credentials)
		}
	}
	tokenReq := e.tr.requests("/oauth2/token")[0]
	if tokenReq.Header["content-type"] != "application/x-www-form-urlencoded" {
		t.Errorf("token request content type = %q", tokenReq.Header["content-type"])
	}
}

func TestMakeAuthorizeURL_Parameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  sdk.Options
		opts sdk.AuthenticateOptions
		want map[string]string // "" means absent
	}{
		{
			name: "defaults",
			opts: sdk.AuthenticateOptions{RedirectURI: redirectURI},
			want: map[string]string{"response_type": "code", "client_id": clientID, "redirect_uri": redirectURI,
				"scope": "openid offline_access https://authgear.com/scopes/full-access", "code_challenge_method": "S256",
				"x_suppress_idp_session_cookie": "true", "prompt": "", "ui_locales": "", "x_state": "", "x_page": "",
				"x_oauth_provider_alias": ""},
		},
		{
			name: "every option, SSO enabled",
			cfg:  sdk.Options{IsSSOEnabled: true},
			opts: sdk.AuthenticateOptions{RedirectURI: redirectURI, State: "mine", XState: "x y", Prompt: []string{"login", "consent"},
				UILocales: []string{"zh-HK", "en"}, Page: "signup", OAuthProviderAlias: "google"},
			want: map[string]string{"response_type": "code", "prompt": "login consent", "ui_locales": "zh-HK en",
				"x_state": "x y", "x_page": "signup", "x_oauth_provider_alias": "google", "x_suppress_idp_session_cookie": ""},
		},
		{
			name: "cookie mode",
			cfg:  sdk.Options{SessionType: sdk.SessionTypeCookie},
			opts: sdk.AuthenticateOptions{RedirectURI: redirectURI},
			want: map[string]string{"response_type": "none", "scope": "openid https://authgear.com/scopes/full-access",
				"code_challenge": "", "code_challenge_method": "", "x_suppress_idp_session_cookie": ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			raw, err := e.c.MakeAuthorizeURL(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(raw, e.issuer+"/oauth2/authorize?") {
				t.Fatalf("URL = %s", raw)
			}
			u, _ := url.Parse(raw)
			q := u.Query()
			for k, v := range tt.want {
				if got := q.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if q.Get("state") == tt.opts.State || q.Get("state") != e.stored("oidcState") || len(q.Get("state")) < 22 {
				t.Errorf("wire state %q: must be random, stored, not the caller's", q.Get("state"))
			}
			if q.Get("nonce") == "" || q.Get("nonce") != e.stored("oidcNonce") {
				t.Errorf("nonce %q not stored", q.Get("nonce"))
			}
			if e.stored("oidcRedirectURI") != redirectURI || e.stored("oidcUserState") != tt.opts.State {
				t.Error("redirect URI or caller state not stored")
			}
			if q.Get("response_type") == "code" {
				verifier := e.stored("oidcCodeVerifier")
				sum := sha256.Sum256([]byte(verifier))
				if len(verifier) != 43 || q.Get("code_challenge") != base64.RawURLEncoding.EncodeToString(sum[:]) {
					t.Errorf("verifier %q does not match challenge %q", verifier, q.Get("code_challenge"))
				}
			}
		})
	}
}

func TestMakeAuthorizeURL_Errors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	unconfigured := newContainer(t, "x", e.browser())
	tests := []struct {
		name string
		c    *sdk.Container
		uri  string
		want error
	}{
		{"not configured", unconfigured, redirectURI, sdk.ErrNotConfigured},
		{"no redirect URI", e.c, "", sdk.ErrInvalidOptions},
		{"relative redirect URI", e.c, "/callback", sdk.ErrInvalidOptions},
		{"fragment", e.c, appOrigin + "/cb#x", sdk.ErrInvalidOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.c.MakeAuthorizeURL(context.Background(), sdk.AuthenticateOptions{RedirectURI: tt.uri})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestStartAuthentication_Navigates(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	if err := e.c.StartAuthentication(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.nav.lastAssigned(), e.issuer+"/oauth2/authorize?") {
		t.Fatalf("Assign = %q", e.nav.lastAssigned())
	}
	if e.stored("oidcCodeVerifier") == "" {
		t.Fatal("verifier not stored before navigating")
	}
}

func TestDiscovery_CachedAndRetriedAfterFailure(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.idp.InjectFault(devidp.Fault{Endpoint: "discovery"})
	_, err := e.c.MakeAuthorizeURL(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI})
	if sdk.KindOf(err) != sdk.KindServer {
		t.Fatalf("err = %v, want a ServerError", err)
	}
	e.login()
	e.expire()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := e.count("discovery"); n != 2 {
		t.Fatalf("discovery requests = %d, want 2 (one failed, one cached)", n)
	}
}
