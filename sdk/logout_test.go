package sdk_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

func TestLogout_RevokesAndEndsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	rt, idToken := e.stored("refreshToken"), e.stored("idToken")
	if idToken == "" {
		t.Fatal("the login stored no ID token")
	}
	if err := e.c.Logout(context.Background(), sdk.LogoutOptions{RedirectURI: appOrigin + "/bye"}); err != nil {
		t.Fatal(err)
	}
	if n := e.count("revoke"); n != 1 {
		t.Fatalf("revocations = %d, want 1", n)
	}
	revoke := e.tr.requests("/oauth2/revoke")[0]
	if revoke.Body != "token="+url.QueryEscape(rt)+"&client_id="+clientID {
		t.Fatalf("revocation body = %q", revoke.Body)
	}
	if ev := e.events.last(); ev != (event{sdk.SessionStateNoSession, sdk.ReasonLogout}) {
		t.Fatalf("last event = %v", ev)
	}
	if e.stored("refreshToken") != "" || e.stored("idToken") != "" || e.c.Snapshot().AccessToken != "" {
		t.Fatal("tokens survived logout")
	}
	// The hint lets every provider honour post_logout_redirect_uri (RP-Initiated Logout §2).
	want := e.issuer + "/oauth2/end_session?post_logout_redirect_uri=" + url.QueryEscape(appOrigin+"/bye") +
		"&client_id=" + clientID + "&id_token_hint=" + idToken
	if got := e.nav.lastAssigned(); got != want {
		t.Fatalf("Assign = %q\nwant     %q", got, want)
	}
	// The provider forgot the grant: the old refresh token is now invalid_grant.
	_ = e.storage.Set(keyPrefix+"refreshToken", rt)
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.stored("refreshToken") != "" {
		t.Fatal("the revoked refresh token still refreshes")
	}
}

func TestLogout_Failure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		force    bool
		wantKind sdk.Kind // "" means success
		want     sdk.SessionState
	}{
		{"without force keeps the session", false, sdk.KindServer, sdk.SessionStateAuthenticated},
		{"with force forgets", true, "", sdk.SessionStateNoSession},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, sdk.Options{})
			e.login()
			e.idp.InjectFault(devidp.Fault{Endpoint: "revoke", Kind: devidp.FaultStatus, Status: 503})
			err := e.c.Logout(context.Background(), sdk.LogoutOptions{Force: tt.force})
			if (err == nil) != (tt.wantKind == "") || (err != nil && sdk.KindOf(err) != tt.wantKind) {
				t.Fatalf("err = %v, want kind %q", err, tt.wantKind)
			}
			if s := e.c.Snapshot().State; s != tt.want {
				t.Fatalf("state = %s, want %s", s, tt.want)
			}
			if (e.stored("refreshToken") != "") != (tt.want == sdk.SessionStateAuthenticated) {
				t.Fatal("refresh token storage does not match the state")
			}
			if e.nav.lastAssigned() != "" {
				t.Fatal("navigated without a redirect URI")
			}
		})
	}
}
