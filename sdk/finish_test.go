package sdk_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// withParam rewrites one query parameter of a URL; value "" removes it.
func withParam(t *testing.T, raw, name, value string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if value == "" {
		q.Del(name)
	} else {
		q.Set(name, value)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func TestFinishAuthentication_Rejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// arrange signs in (or not) and may change the address bar or storage.
		arrange func(t *testing.T, e *env)
		check   func(t *testing.T, err error)
	}{
		{
			name:    "state mismatch",
			arrange: func(t *testing.T, e *env) { e.nav.SetLocation(withParam(t, e.startLogin(opts()), "state", "forged")) },
			check:   wantIs(sdk.ErrStateMismatch),
		},
		{
			name:    "state missing",
			arrange: func(t *testing.T, e *env) { e.nav.SetLocation(withParam(t, e.startLogin(opts()), "state", "")) },
			check:   wantIs(sdk.ErrStateMismatch),
		},
		{
			name:    "code missing",
			arrange: func(t *testing.T, e *env) { e.nav.SetLocation(withParam(t, e.startLogin(opts()), "code", "")) },
			check:   wantIs(sdk.ErrMissingCode),
		},
		{
			name: "access denied",
			arrange: func(t *testing.T, e *env) {
				authURL, err := e.c.MakeAuthorizeURL(context.Background(), opts())
				if err != nil {
					t.Fatal(err)
				}
				e.authorize(authURL, "cancel")
			},
			check: func(t *testing.T, err error) {
				var oe *sdk.OAuthError
				if !errors.As(err, &oe) || oe.Code != "access_denied" || oe.State != "app-state" {
					t.Fatalf("err = %#v, want access_denied with the caller's state", err)
				}
			},
		},
		{
			name: "another page",
			arrange: func(t *testing.T, e *env) {
				loc := e.startLogin(opts())
				u, _ := url.Parse(loc)
				u.Path = "/elsewhere"
				e.nav.SetLocation(u.String())
			},
			check: wantIs(sdk.ErrRedirectURIMismatch),
		},
		{
			name:    "nothing pending",
			arrange: func(t *testing.T, e *env) { e.nav.SetLocation(redirectURI + "&code=abc&state=def") },
			check:   wantIs(sdk.ErrNoAuthentication),
		},
		{
			name: "nonce mismatch",
			arrange: func(t *testing.T, e *env) {
				e.startLogin(opts())
				_ = e.storage.Set(keyPrefix+"oidcNonce", "not-the-nonce-sent")
			},
			check: wantIs(sdk.ErrInvalidIDToken),
		},
		{
			name: "replayed code",
			arrange: func(t *testing.T, e *env) {
				loc := e.startLogin(opts())
				saved := map[string]string{}
				for _, k := range pendingSuffixes {
					saved[k] = e.stored(k)
				}
				if _, err := e.c.FinishAuthentication(context.Background()); err != nil {
					t.Fatal(err)
				}
				if err := e.c.ClearSessionState(context.Background()); err != nil {
					t.Fatal(err)
				}
				for k, v := range saved { // an attacker who copied the page's storage
					_ = e.storage.Set(keyPrefix+k, v)
				}
				e.nav.SetLocation(loc)
			},
			check: func(t *testing.T, err error) {
				var oe *sdk.OAuthError
				if !errors.As(err, &oe) || oe.Code != "invalid_grant" {
					t.Fatalf("err = %v, want invalid_grant", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, sdk.Options{})
			tt.arrange(t, e)
			tokenRequests := e.count("token:authorization_code")
			_, err := e.c.FinishAuthentication(context.Background())
			tt.check(t, err)
			tokenRequests = e.count("token:authorization_code") - tokenRequests
			if s := e.c.Snapshot(); s.State != sdk.SessionStateNoSession || s.AccessToken != "" {
				t.Errorf("snapshot = %+v, want NO_SESSION without a token", s)
			}
			for _, k := range append([]string{"refreshToken", "idToken"}, pendingSuffixes...) {
				if e.stored(k) != "" {
					t.Errorf("%s left in storage", k)
				}
			}
			// The same redirect again (React StrictMode): the same answer, no new request.
			before := e.count("token:authorization_code")
			if _, again := e.c.FinishAuthentication(context.Background()); again == nil || again.Error() != err.Error() {
				t.Errorf("second finish: err = %v, want the first call's %v", again, err)
			}
			if n := e.count("token:authorization_code") - before; n != 0 || tokenRequests > 1 {
				t.Errorf("token requests: %d by the first finish, %d by the second", tokenRequests, n)
			}
		})
	}
}

var pendingSuffixes = []string{"oidcCodeVerifier", "oidcState", "oidcNonce", "oidcRedirectURI", "oidcUserState"}

func opts() sdk.AuthenticateOptions {
	return sdk.AuthenticateOptions{RedirectURI: redirectURI, State: "app-state"}
}

func wantIs(target error) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		if !errors.Is(err, target) {
			t.Fatalf("err = %v, want %v", err, target)
		}
		if sdk.KindOf(err) != sdk.KindAuthgear {
			t.Fatalf("KindOf = %s, want AuthgearError", sdk.KindOf(err))
		}
	}
}

func TestFinishAuthentication_CookieMode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{SessionType: sdk.SessionTypeCookie})
	e.startLogin(opts())
	res, err := e.c.FinishAuthentication(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.State != "app-state" || res.UserInfo.Sub == "" {
		t.Fatalf("result = %+v", res)
	}
	if ev := e.events.last(); ev != (event{sdk.SessionStateAuthenticated, sdk.ReasonAuthenticated}) {
		t.Fatalf("last event = %v", ev)
	}
	if n := e.count("token:authorization_code"); n != 0 {
		t.Errorf("code exchanges = %d, want 0 in cookie mode", n)
	}
	ui := e.tr.requests("/oauth2/userinfo")
	if len(ui) != 1 || ui[0].Credentials != "include" || ui[0].Header["authorization"] != "" {
		t.Fatalf("userinfo requests = %+v, want one with credentials include and no bearer", ui)
	}
	if err := e.c.Logout(context.Background(), sdk.LogoutOptions{}); !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Fatalf("cookie logout without redirect: err = %v", err)
	}
	if err := e.c.Logout(context.Background(), sdk.LogoutOptions{RedirectURI: appOrigin + "/bye"}); err != nil {
		t.Fatal(err)
	}
	if e.c.Snapshot().State != sdk.SessionStateNoSession || e.count("revoke") != 0 {
		t.Fatal("cookie logout must forget locally without revocation")
	}
	want := e.issuer + "/oauth2/end_session?post_logout_redirect_uri=" + url.QueryEscape(appOrigin+"/bye") + "&client_id=" + clientID
	if got := e.nav.lastAssigned(); got != want {
		t.Fatalf("Assign = %q, want %q", got, want)
	}
}
