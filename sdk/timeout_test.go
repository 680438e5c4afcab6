package sdk_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

// hang makes the next request to endpoint (and grant) answer only after a minute.
func (e *env) hang(endpoint, grant string) {
	e.idp.InjectFault(devidp.Fault{Endpoint: endpoint, Grant: grant, Kind: devidp.FaultDelay, Delay: time.Minute})
}

func isTimeout(err error) bool {
	return errors.Is(err, sdk.ErrTimeout) && sdk.KindOf(err) == sdk.KindNetwork
}

func TestTimeout_AHungRefreshIsANetworkErrorReleasesTheLockAndKeepsTheSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{Timeout: 2 * time.Second}, sdk.WithLocker(&mutexLocker{}), sdk.WithLedger(newMemLedger()))
	e.login()
	e.nav.SetLocation(appOrigin + "/page")
	rt := e.stored("refreshToken")
	e.expire()
	e.hang("token", "refresh_token")
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); !isTimeout(err) {
		t.Fatalf("refresh: %v, want a NetworkError for ErrTimeout", err)
	}
	e.hang("token", "refresh_token")
	if _, err := e.c.Fetch(context.Background(), &appRequest{url: appOrigin + "/api"}); !isTimeout(err) {
		t.Fatalf("fetch: %v, want a NetworkError for ErrTimeout", err)
	}
	// The next refresh takes the same cross-tab lock: it was released.
	e.keptAndWorks(rt)
}

func TestTimeout_HungDiscoveryUserinfoAndCodeExchangeTimeOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{Timeout: 2 * time.Second})
	e.hang("discovery", "")
	if err := e.c.StartAuthentication(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI}); !isTimeout(err) {
		t.Fatalf("discovery: %v, want a timeout", err)
	}
	e.startLogin(sdk.AuthenticateOptions{})
	e.hang("token", "authorization_code")
	if _, err := e.c.FinishAuthentication(context.Background()); !isTimeout(err) {
		t.Fatalf("code exchange: %v, want a timeout", err)
	}
	e.login()
	e.hang("userinfo", "")
	if _, err := e.c.FetchUserInfo(context.Background()); !isTimeout(err) || e.c.Snapshot().State != sdk.SessionStateAuthenticated {
		t.Fatalf("userinfo: %v, state %s; want a timeout and the session kept", err, e.c.Snapshot().State)
	}
}

func TestTimeout_ANegativeTimeoutIsRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	err := e.c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer, Timeout: -time.Second})
	if !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Fatalf("configure: %v, want ErrInvalidOptions", err)
	}
}

func TestFetch_ACanceledCallSendsNothingAndACancelDuringTheRefreshReturnsAtOnce(t *testing.T) {
	t.Parallel()
	e, rt := due(t, sdk.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := &appRequest{url: appOrigin + "/api"}
	if _, err := e.c.Fetch(ctx, r); !errors.Is(err, sdk.ErrCanceled) || len(r.sends()) != 0 || e.count("token:refresh_token") != 0 {
		t.Fatalf("canceled before the call: %v, %d sends, %d refreshes; want ErrCanceled and nothing sent", err, len(r.sends()), e.count("token:refresh_token"))
	}
	e.hang("token", "refresh_token")
	ctx, cancel = context.WithCancel(context.Background())
	e.tr.setHook(func(req *sdk.Request) {
		if strings.Contains(req.Body, "grant_type=refresh_token") {
			cancel() // the app aborts while the refresh is on the wire
		}
	})
	if _, err := e.c.Fetch(ctx, r); !errors.Is(err, sdk.ErrCanceled) || len(r.sends()) != 0 {
		t.Fatalf("canceled during the refresh: %v, %d sends; want ErrCanceled at once and nothing sent", err, len(r.sends()))
	}
	e.tr.setHook(nil)
	if e.c.Snapshot().State != sdk.SessionStateAuthenticated || e.stored("refreshToken") != rt {
		t.Fatal("an abort touched the session")
	}
}
