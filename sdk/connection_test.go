package sdk_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

func TestGetConnectionCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	ctx := context.Background()
	e.idp.StoreConnectionCredentials("alice", "google", devidp.Credentials{AccessToken: "google-token", ExpiresAt: time.Now().Add(time.Hour)})

	cc, err := e.c.GetConnectionCredentials(ctx, "google", 0)
	if err != nil || cc.AccessToken != "google-token" || cc.ExpiresAt == "" {
		t.Fatalf("google: %+v %v", cc, err)
	}
	var oauthErr *sdk.OAuthError
	if _, err := e.c.GetConnectionCredentials(ctx, "dropbox", 0); !errors.As(err, &oauthErr) || oauthErr.Code != "not_found" || oauthErr.Status != 404 {
		t.Fatalf("a connection the user lacks: %v, want an OAuthError not_found with HTTP status 404", err)
	}
	if _, err := e.c.GetConnectionCredentials(ctx, "", 0); sdk.KindOf(err) != sdk.KindOAuth {
		t.Fatalf("no connection after a password sign-in: %v, want an OAuthError (not_found)", err)
	}
	for _, bad := range []string{"a/b", "x?y"} {
		if _, err := e.c.GetConnectionCredentials(ctx, bad, 0); !errors.Is(err, sdk.ErrInvalidOptions) {
			t.Errorf("connectionID %q: %v, want ErrInvalidOptions", bad, err)
		}
	}
}

func TestGetConnectionCredentials_TimeoutIsANetworkErrorAndKeepsTheSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.idp.InjectFault(devidp.Fault{Endpoint: "credentials", Kind: devidp.FaultDelay, Delay: 2 * time.Second})
	start := time.Now()
	_, err := e.c.GetConnectionCredentials(context.Background(), "google", 50*time.Millisecond)
	if sdk.KindOf(err) != sdk.KindNetwork || time.Since(start) > time.Second {
		t.Fatalf("slow vault: %v after %v, want a NetworkError at the timeout", err, time.Since(start))
	}
	if e.c.Snapshot().State != sdk.SessionStateAuthenticated {
		t.Fatal("a timeout ended the session")
	}
}

func TestGetConnectionCredentials_RevokedSessionEndsAfterOneForcedRefresh(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.idp.RevokeUserSessions("alice")
	before := e.count("token:refresh_token")
	_, err := e.c.GetConnectionCredentials(context.Background(), "google", 0)
	if err == nil || e.count("token:refresh_token") != before+1 || e.c.Snapshot().State != sdk.SessionStateNoSession {
		t.Fatalf("revoked: %v, refreshes %d, state %s", err, e.count("token:refresh_token")-before, e.c.Snapshot().State)
	}
}

func TestGetConnectionCredentials_NeedsASession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	if _, err := e.c.GetConnectionCredentials(context.Background(), "google", 0); !errors.Is(err, sdk.ErrNoSession) || e.count("credentials") != 0 {
		t.Fatalf("signed out: %v (requests %d)", err, e.count("credentials"))
	}
}
