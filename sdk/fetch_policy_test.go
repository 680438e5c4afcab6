package sdk_test

import (
	"context"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

func TestAuthorizeRequest_RefreshesOnlyForAllowedOrigins(t *testing.T) {
	e := newEnv(t, sdk.Options{})
	e.login()
	ctx := context.Background()
	e.expire()
	before := e.count("token:refresh_token")

	// A third-party origin outside apiOrigins: no token, and no refresh for it either.
	auth, err := e.c.AuthorizeRequest(ctx, "http://tracker.example/collect", appOrigin+"/")
	if err != nil || auth.Header != "" || e.count("token:refresh_token") != before {
		t.Fatalf("plain-http third party: %+v %v (refreshes %d)", auth, err, e.count("token:refresh_token")-before)
	}
	// A relative URL is the page's origin: refreshed first, then the Bearer header.
	auth, err = e.c.AuthorizeRequest(ctx, "/api/me", appOrigin+"/page")
	if err != nil || auth.Header != "Bearer "+e.c.Snapshot().AccessToken || e.count("token:refresh_token") != before+1 {
		t.Fatalf("same origin: %+v %v", auth, err)
	}
}

func TestAuthorizeRequest_APIOriginsRestrictTheToken(t *testing.T) {
	e := newEnv(t, sdk.Options{APIOrigins: []string{"https://api.example.com"}})
	e.login()
	ctx := context.Background()
	for url, want := range map[string]bool{
		"https://api.example.com/v1":   true,
		"https://app.example.com/self": false, // not listed: the list is exact
		"https://other.example.com/":   false,
	} {
		auth, err := e.c.AuthorizeRequest(ctx, url, appOrigin+"/")
		if err != nil || (auth.Header != "") != want {
			t.Errorf("%s: header present = %v, want %v (%v)", url, auth.Header != "", want, err)
		}
	}
}

func TestAuthorizeRequest_CookieModeIncludesCookiesOnlyForAllowedOrigins(t *testing.T) {
	tests := []struct {
		name       string
		apiOrigins []string
		url        string
		want       bool
	}{
		{name: "page origin", url: "/api", want: true},
		{name: "https origin", url: "https://api.example.com/v1", want: true},
		{name: "another loopback port", url: "http://127.0.0.1:1/x", want: false},
		{name: "plain http elsewhere", url: "http://tracker.example/collect", want: false},
		{name: "listed origin", apiOrigins: []string{"http://127.0.0.1:1"}, url: "http://127.0.0.1:1/x", want: true},
		{name: "page origin, not listed", apiOrigins: []string{"http://127.0.0.1:1"}, url: "/api", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, sdk.Options{SessionType: sdk.SessionTypeCookie, APIOrigins: tt.apiOrigins})
			auth, err := e.c.AuthorizeRequest(context.Background(), tt.url, appOrigin+"/")
			if err != nil || auth.IncludeCookies != tt.want || auth.Header != "" {
				t.Fatalf("cookie mode: %+v %v, want IncludeCookies %v and no header", auth, err, tt.want)
			}
		})
	}
}

func TestRetryAuthorization(t *testing.T) {
	e := newEnv(t, sdk.Options{})
	e.login()
	ctx := context.Background()
	used := "Bearer " + e.c.Snapshot().AccessToken
	before := e.count("token:refresh_token")

	if h, err := e.c.RetryAuthorization(ctx, used, `Bearer realm="x"`); h != "" || err != nil {
		t.Fatalf("a 401 without invalid_token must not be replayed: %q %v", h, err)
	}
	h, err := e.c.RetryAuthorization(ctx, used, `Bearer error="invalid_token"`)
	if err != nil || h == "" || h == used || e.count("token:refresh_token") != before+1 {
		t.Fatalf("invalid_token: %q %v (refreshes %d)", h, err, e.count("token:refresh_token")-before)
	}
	// A second request that failed with the old token replays with the new one, no refresh.
	h2, err := e.c.RetryAuthorization(ctx, used, `Bearer error="invalid_token"`)
	if err != nil || h2 != h || e.count("token:refresh_token") != before+1 {
		t.Fatalf("stale token: %q %v", h2, err)
	}
	// Revoked at the provider: the forced refresh gets invalid_grant, the session ends.
	e.idp.RevokeUserSessions("alice")
	h3, err := e.c.RetryAuthorization(ctx, h, `Bearer error="invalid_token"`)
	if err != nil || h3 != "" || e.c.Snapshot().State != sdk.SessionStateNoSession || e.events.last().Reason != sdk.ReasonInvalid {
		t.Fatalf("revoked: %q %v state %s", h3, err, e.c.Snapshot().State)
	}
}
