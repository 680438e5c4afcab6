package sdk_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

func TestRefreshAccessTokenIfNeeded_OnlyWhenDue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	ctx := context.Background()
	first := e.c.Snapshot()
	steps := []struct {
		name    string
		advance time.Duration
		want    int
	}{
		{"fresh token", 0, 0},
		{"one second before expireAt", first.ExpireAt.Sub(e.clock.Now()) - time.Second, 0},
		{"at expireAt", time.Second, 1},
		{"fresh again", time.Minute, 1},
	}
	for _, s := range steps {
		e.clock.Advance(s.advance)
		if err := e.c.RefreshAccessTokenIfNeeded(ctx); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if n := e.count("token:refresh_token"); n != s.want {
			t.Fatalf("%s: refresh grants = %d, want %d", s.name, n, s.want)
		}
	}
	after := e.c.Snapshot()
	if after.AccessToken == first.AccessToken || !after.ExpireAt.After(first.ExpireAt) {
		t.Fatal("refresh did not publish a new access token and expireAt")
	}
}

func TestRefreshAccessTokenIfNeeded_NoRefreshToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(e.tr.requests("")) != 0 {
		t.Fatal("a request was sent without a refresh token")
	}
}

func TestRefreshAccessTokenIfNeeded_SingleFlight(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.expire()
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs <- e.c.RefreshAccessTokenIfNeeded(context.Background())
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := e.count("token:refresh_token"); n != 1 {
		t.Fatalf("refresh grants = %d, want 1", n)
	}
}

func TestRefreshToken_RotationStoredBeforeReturn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.idp.SetRotateRefreshTokens(true)
	e.login()
	old := e.stored("refreshToken")
	for i := range 2 {
		e.expire()
		if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
			t.Fatalf("refresh %d: %v", i, err)
		}
		rotated := e.stored("refreshToken")
		if rotated == "" || rotated == old {
			t.Fatalf("refresh %d: rotated token not stored", i)
		}
		old = rotated
	}
	if n := e.count("reuse_detected"); n != 0 {
		t.Fatalf("reuse detected %d times: a spent token was sent", n)
	}
}

func TestRefreshToken_InvalidGrantEndsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.idp.RevokeUserSessions("alice")
	e.expire()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatalf("invalid_grant must resolve, got %v", err)
	}
	if s := e.c.Snapshot(); s.State != sdk.SessionStateNoSession || s.AccessToken != "" {
		t.Fatalf("snapshot = %+v", s)
	}
	if ev := e.events.last(); ev != (event{sdk.SessionStateNoSession, sdk.ReasonInvalid}) {
		t.Fatalf("last event = %v", ev)
	}
	if e.stored("refreshToken") != "" || e.stored("idToken") != "" {
		t.Fatal("tokens left in storage")
	}
}

func TestRefreshToken_FailuresKeepSession(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault devidp.Fault
		kind  sdk.Kind
	}{
		{"503", devidp.Fault{Kind: devidp.FaultStatus, Status: 503}, sdk.KindServer},
		{"500", devidp.Fault{Kind: devidp.FaultStatus, Status: 500}, sdk.KindServer},
		{"dropped connection", devidp.Fault{Kind: devidp.FaultDrop}, sdk.KindNetwork},
		{"malformed body", devidp.Fault{Kind: devidp.FaultMalformed}, sdk.KindServer},
		{"other OAuth error", devidp.Fault{Kind: devidp.FaultStatus, Status: 400}, sdk.KindOAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, sdk.Options{})
			e.login()
			rt := e.stored("refreshToken")
			e.expire()
			tt.fault.Endpoint, tt.fault.Grant = "token", "refresh_token"
			e.idp.InjectFault(tt.fault)
			err := e.c.RefreshAccessTokenIfNeeded(context.Background())
			if err == nil || sdk.KindOf(err) != tt.kind {
				t.Fatalf("err = %v (%s), want %s", err, sdk.KindOf(err), tt.kind)
			}
			if e.c.Snapshot().State != sdk.SessionStateAuthenticated || e.stored("refreshToken") != rt {
				t.Fatal("the session or the refresh token was not kept")
			}
			if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
				t.Fatalf("retry after the fault: %v", err)
			}
			if n := e.count("token:refresh_token"); n != 2 {
				t.Fatalf("refresh grants = %d, want 2", n)
			}
		})
	}
}

func TestRefreshToken_ClearDuringFlightDoesNotRevive(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.idp.SetRotateRefreshTokens(true)
	e.login()
	e.expire()
	entered, release := make(chan struct{}), make(chan struct{})
	e.tr.setHook(func(r *sdk.Request) {
		if strings.Contains(r.Body, "grant_type=refresh_token") {
			close(entered)
			<-release
		}
	})
	done := make(chan error, 1)
	go func() { done <- e.c.RefreshAccessTokenIfNeeded(context.Background()) }()
	<-entered
	if err := e.c.ClearSessionState(context.Background()); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s := e.c.Snapshot(); s.State != sdk.SessionStateNoSession || s.AccessToken != "" || !s.ExpireAt.IsZero() {
		t.Fatalf("snapshot = %+v, want the cleared session to stay cleared", s)
	}
	if e.stored("refreshToken") != "" {
		t.Fatal("the late rotated refresh token was stored")
	}
	if ev := e.events.last(); ev != (event{sdk.SessionStateNoSession, sdk.ReasonClear}) {
		t.Fatalf("last event = %v", ev)
	}
}

func TestRefreshAccessTokenIfNeeded_CallerCancels(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.expire()
	release := make(chan struct{})
	e.tr.setHook(func(*sdk.Request) { <-release })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.c.RefreshAccessTokenIfNeeded(ctx); !errors.Is(err, sdk.ErrCanceled) || sdk.KindOf(err) != sdk.KindCancel {
		t.Fatalf("err = %v, want ErrCanceled", err)
	}
	close(release)
	// The shared request went on for the others: a new caller joins or finds it done.
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := e.count("token:refresh_token"); n != 1 {
		t.Fatalf("refresh grants = %d, want 1", n)
	}
}
