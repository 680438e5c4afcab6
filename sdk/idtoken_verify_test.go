package sdk_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

// hostileIDTokens are devidp's fault kinds whose ID token OIDC Core §3.1.3.7 refuses.
var hostileIDTokens = []devidp.FaultKind{devidp.FaultIDTokenAlgNone, devidp.FaultIDTokenBadSignature,
	devidp.FaultIDTokenExpired, devidp.FaultIDTokenForeignAZP}

func TestFinishAuthentication_VerifiesEveryIDTokenAlg(t *testing.T) {
	t.Parallel()
	for _, alg := range devidp.IDTokenAlgs {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, sdk.Options{})
			if err := e.idp.SetIDTokenAlg(alg); err != nil {
				t.Fatal(err)
			}
			e.login()
			e.expire()
			if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
				t.Fatalf("a refresh with an %s ID token: %v", alg, err)
			}
			if n := e.count("jwks"); n != 1 {
				t.Fatalf("%d JWKS fetches for a login and a refresh, want 1 (cached)", n)
			}
		})
	}
}

func TestFinishAuthentication_RefusesHostileIDTokens(t *testing.T) {
	t.Parallel()
	for _, kind := range hostileIDTokens {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, sdk.Options{})
			e.idp.InjectFault(devidp.Fault{Endpoint: "token", Grant: "authorization_code", Kind: kind})
			e.startLogin(sdk.AuthenticateOptions{})
			_, err := e.c.FinishAuthentication(context.Background())
			if !errors.Is(err, sdk.ErrInvalidIDToken) {
				t.Fatalf("FinishAuthentication: %v, want ErrInvalidIDToken", err)
			}
			if e.stored("refreshToken") != "" || e.stored("idToken") != "" || e.c.Snapshot().State != sdk.SessionStateNoSession {
				t.Fatal("a refused ID token still started a session")
			}
		})
	}
}

func TestRefresh_HostileIDTokenIsNotStoredAndKeepsTheSession(t *testing.T) {
	t.Parallel()
	for _, kind := range append(hostileIDTokens, devidp.FaultIDTokenForeignSub) {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, sdk.Options{})
			e.login()
			refreshToken, idToken := e.stored("refreshToken"), e.stored("idToken")
			e.expire()
			e.idp.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: kind})
			err := e.c.RefreshAccessTokenIfNeeded(context.Background())
			if !errors.Is(err, sdk.ErrInvalidIDToken) || sdk.KindOf(err) != sdk.KindAuthgear {
				t.Fatalf("refresh: %v, want ErrInvalidIDToken", err)
			}
			snap := e.c.Snapshot()
			if e.stored("refreshToken") != refreshToken || e.stored("idToken") != idToken || snap.IDToken != idToken ||
				snap.State != sdk.SessionStateAuthenticated {
				t.Fatal("the refused refresh changed the stored tokens or ended the session")
			}
			if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil || e.c.Snapshot().AccessToken == "" {
				t.Fatalf("the next refresh: %v", err)
			}
		})
	}
}

func TestRefresh_HostileIDTokenKeepsARotatedRefreshToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.idp.SetRotateRefreshTokens(true)
	e.login()
	before := e.stored("refreshToken")
	e.expire()
	e.idp.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: devidp.FaultIDTokenBadSignature})
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); !errors.Is(err, sdk.ErrInvalidIDToken) {
		t.Fatalf("refresh: %v, want ErrInvalidIDToken", err)
	}
	if e.stored("refreshToken") == before {
		t.Fatal("the rotated refresh token was dropped: the spent one would end the grant")
	}
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil || e.count("reuse_detected") != 0 {
		t.Fatalf("the next refresh: %v, reuse detected %d times", err, e.count("reuse_detected"))
	}
}

func TestRefreshIDToken_RefusesAHostileIDToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	idToken := e.stored("idToken")
	e.idp.InjectFault(devidp.Fault{Endpoint: "token", Grant: "urn:authgear:params:oauth:grant-type:id-token", Kind: devidp.FaultIDTokenForeignSub})
	if err := e.c.RefreshIDToken(context.Background()); !errors.Is(err, sdk.ErrInvalidIDToken) {
		t.Fatalf("RefreshIDToken: %v, want ErrInvalidIDToken", err)
	}
	if e.stored("idToken") != idToken || e.c.Snapshot().IDToken != idToken {
		t.Fatal("a refused ID token replaced the held one")
	}
}

func TestFetchUserInfo_RefusesAnotherUsersSub(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.idp.InjectFault(devidp.Fault{Endpoint: "userinfo", Kind: devidp.FaultUserInfoForeignSub})
	if _, err := e.c.FetchUserInfo(context.Background()); !errors.Is(err, sdk.ErrUserInfoSubject) {
		t.Fatalf("FetchUserInfo: %v, want ErrUserInfoSubject", err)
	}
	if e.c.Snapshot().State != sdk.SessionStateAuthenticated || e.stored("refreshToken") == "" {
		t.Fatal("a foreign userinfo answer ended the session")
	}
	if info, err := e.c.FetchUserInfo(context.Background()); err != nil || info.Sub != devidp.DemoUsers()[0].Sub {
		t.Fatalf("the next FetchUserInfo: %+v, %v", info, err)
	}
}

func TestIDToken_UnknownKidRefetchesTheJWKSOncePerInterval(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()                                      // the JWKS is fetched and cached: the RS256 key only
	e.idp.SetAccessTokenLifetime(10 * time.Second) // refreshes due well within jwksRefetchInterval
	ctx := context.Background()
	refreshWith := func(alg string) error {
		t.Helper()
		if err := e.idp.SetIDTokenAlg(alg); err != nil {
			t.Fatal(err)
		}
		e.expire()
		return e.c.RefreshAccessTokenIfNeeded(ctx)
	}
	if err := refreshWith("ES256"); err != nil || e.count("jwks") != 2 {
		t.Fatalf("a rotated key (a new kid): %v after %d JWKS fetches, want success after 2", err, e.count("jwks"))
	}
	// Another new kid soon after: no fetch storm, the token is refused until the interval ends.
	if err := refreshWith("PS256"); !errors.Is(err, sdk.ErrInvalidIDToken) || e.count("jwks") != 2 {
		t.Fatalf("a second new kid within the interval: %v after %d JWKS fetches, want ErrInvalidIDToken after 2", err, e.count("jwks"))
	}
	e.clock.Advance(30 * time.Second)
	if err := e.c.RefreshAccessTokenIfNeeded(ctx); err != nil || e.count("jwks") != 3 {
		t.Fatalf("after the interval: %v after %d JWKS fetches, want success after 3", err, e.count("jwks"))
	}
}
