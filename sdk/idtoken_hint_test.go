package sdk_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

const idTokenGrant = "urn:authgear:params:oauth:grant-type:id-token"

func TestIDToken_HeldAfterLoginAndRestoredByConfigure(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	snap := e.c.Snapshot()
	if snap.IDToken == "" || snap.IDToken != e.stored("idToken") || !snap.CanReauthenticate || snap.AuthTime.IsZero() {
		t.Fatalf("after login: token held %t, stored %t, canReauthenticate %t, authTime %v",
			snap.IDToken != "", snap.IDToken == e.stored("idToken"), snap.CanReauthenticate, snap.AuthTime)
	}
	reloaded := newContainer(t, "", e.browser())
	if err := reloaded.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
		t.Fatal(err)
	}
	if got := reloaded.Snapshot(); got.IDToken != snap.IDToken || got.AuthTime != snap.AuthTime || !got.CanReauthenticate {
		t.Fatal("configure after a reload did not restore the stored ID token")
	}
}

func TestIDToken_MalformedGivesNoClaims(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	for _, raw := range []string{"not-a-jwt", "a.b.c", "a.bnVsbA.c", "a.eyJhdXRoX3RpbWUiOiJ4In0.c"} {
		if err := e.storage.Set(keyPrefix+"idToken", raw); err != nil {
			t.Fatal(err)
		}
		if err := e.c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
			t.Fatal(err)
		}
		if s := e.c.Snapshot(); s.IDToken != raw || s.CanReauthenticate || !s.AuthTime.IsZero() {
			t.Fatalf("%q: %+v, want the raw token, false and no auth time", raw, s)
		}
	}
}

func TestRefreshIDToken_BearerGrantStoresToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.storage.Set(keyPrefix+"idToken", "stale")
	if err := e.c.RefreshIDToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := e.tr.requests("/oauth2/token")
	last := reqs[len(reqs)-1]
	if !strings.HasPrefix(last.Body, "grant_type=urn%3Aauthgear%3Aparams%3Aoauth%3Agrant-type%3Aid-token&client_id=") ||
		last.Header["authorization"] != "Bearer "+e.c.Snapshot().AccessToken || last.Credentials != "omit" {
		t.Fatalf("token request = %s %s credentials %s", last.Method, last.Body, last.Credentials)
	}
	if n := e.count("token:" + idTokenGrant); n != 1 {
		t.Fatalf("ID-token grants = %d, want 1", n)
	}
	if got := e.c.Snapshot().IDToken; got == "" || got == "stale" || got != e.stored("idToken") {
		t.Fatal("the new ID token is not held and stored")
	}
}

func TestRefreshIDToken_NoSessionSendsNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	if err := e.c.RefreshIDToken(context.Background()); !errors.Is(err, sdk.ErrNoSession) {
		t.Fatalf("err = %v, want ErrNoSession", err)
	}
	if n := e.count("token:" + idTokenGrant); n != 0 {
		t.Fatalf("ID-token grants = %d, want 0", n)
	}
}

func TestRefreshIDToken_InvalidGrantEndsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.idp.RevokeUserSessions("alice")
	err := e.c.RefreshIDToken(context.Background())
	var oe *sdk.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_grant" {
		t.Fatalf("err = %v, want OAuthError invalid_grant", err)
	}
	if ev := e.events.last(); ev != (event{sdk.SessionStateNoSession, sdk.ReasonInvalid}) {
		t.Fatalf("last event = %v", ev)
	}
	if e.c.Snapshot().IDToken != "" || e.stored("idToken") != "" {
		t.Fatal("the ID token survived invalid_grant")
	}
}

func TestRefreshIDToken_UnsupportedGrantKeepsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	held := e.c.Snapshot().IDToken
	e.idp.InjectFault(devidp.Fault{Endpoint: "token", Grant: idTokenGrant, Status: 400, Code: "unsupported_grant_type"})
	err := e.c.RefreshIDToken(context.Background())
	var oe *sdk.OAuthError
	if !errors.As(err, &oe) || oe.Code != "unsupported_grant_type" {
		t.Fatalf("err = %v, want OAuthError unsupported_grant_type", err)
	}
	if s := e.c.Snapshot(); s.State != sdk.SessionStateAuthenticated || s.IDToken != held {
		t.Fatal("unsupported_grant_type changed the session")
	}
}
