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

// due is a signed-in env whose access token is due for a refresh, with its refresh token.
func due(t *testing.T, opts sdk.Options) (*env, string) {
	t.Helper()
	e := signedIn(t, opts)
	e.expire()
	return e, e.stored("refreshToken")
}

// tokenAnswer makes the next refresh_token grant answer body with status.
func (e *env) tokenAnswer(status int, body string) {
	e.idp.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: devidp.FaultBody, Status: status, Body: body})
}

// keptAndWorks checks what every fault must leave: the session and its refresh token,
// and a next call that works once the provider is well again.
func (e *env) keptAndWorks(rt string) {
	e.t.Helper()
	if s := e.c.Snapshot().State; s != sdk.SessionStateAuthenticated || e.stored("refreshToken") != rt {
		e.t.Fatalf("state %s, refresh token kept %v; want the session and its token kept", s, e.stored("refreshToken") == rt)
	}
	if d := e.c.Snapshot().ExpireAt.Sub(e.clock.Now()); d > 0 {
		e.clock.Advance(d)
	}
	before := e.count("token:refresh_token")
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil || e.count("token:refresh_token") != before+1 {
		e.t.Fatalf("the next call: %v, %d refresh requests, want one that works", err, e.count("token:refresh_token")-before)
	}
}

func TestProviderBody_AHugeBodyIsCutAtOneMebibyteWithATypedError(t *testing.T) {
	t.Parallel()
	e, rt := due(t, sdk.Options{})
	e.idp.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: devidp.FaultHuge, Size: 64 << 20})
	err := e.c.RefreshAccessTokenIfNeeded(context.Background())
	var se *sdk.ServerError
	if !errors.Is(err, sdk.ErrResponseTooLarge) || !errors.As(err, &se) || se.Body != "" {
		t.Fatalf("err = %v, want a ServerError for ErrResponseTooLarge without the body", err)
	}
	if n := e.tr.bodyBytesRead(); n > sdk.MaxResponseBody+1 {
		t.Fatalf("the transport was asked for %d bytes, more than the cap", n)
	}
	e.keptAndWorks(rt)
}

func TestProviderBody_DeeplyNestedJSONIsATypedError(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"arrays":  `{"access_token":"x","a":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`,
		"objects": strings.Repeat(`{"a":`, 20000) + `1` + strings.Repeat("}", 20000),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, rt := due(t, sdk.Options{})
			e.tokenAnswer(200, body)
			err := e.c.RefreshAccessTokenIfNeeded(context.Background())
			var se *sdk.ServerError
			if !errors.Is(err, sdk.ErrJSONTooDeep) || !errors.As(err, &se) || se.Body != "" {
				t.Fatalf("err = %v, want a ServerError for ErrJSONTooDeep, no body kept", err)
			}
			e.keptAndWorks(rt)
		})
	}
}

func TestProviderBody_ATwoHundredTokenBodyIsNeverKept(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]struct {
		status int
		body   string
	}{
		"truncated JSON":        {200, `{"access_token":"secret-access-token","refresh_token":"secret-refresh`},
		"no access_token":       {200, `{"refresh_token":"secret-refresh-token","token_type":"Bearer"}`},
		"a 201 with the tokens": {201, `{"access_token":"secret-access-token","refresh_token":"secret-refresh-token"}`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, rt := due(t, sdk.Options{})
			e.tokenAnswer(answer.status, answer.body)
			err := e.c.RefreshAccessTokenIfNeeded(context.Background())
			var se *sdk.ServerError
			if !errors.As(err, &se) || strings.Contains(se.Body, "secret") || strings.Contains(err.Error(), "secret") {
				t.Fatalf("err = %v, body %q; want a ServerError that keeps no token", err, se.Body)
			}
			e.keptAndWorks(rt)
		})
	}
}

func TestTokenResponse_ExpiresInAsANumericStringIsParsed(t *testing.T) {
	t.Parallel()
	e, _ := due(t, sdk.Options{})
	e.tokenAnswer(200, `{"access_token":"at-string","token_type":"Bearer","expires_in":"3600"}`)
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := e.clock.Now().Add(3240 * time.Second) // 90 % of 3600 s
	if s := e.c.Snapshot(); s.AccessToken != "at-string" || !s.ExpireAt.Equal(want) {
		t.Fatalf("token %q expires %v, want at-string at %v", s.AccessToken, s.ExpireAt, want)
	}
}

func TestTokenResponse_AMissingZeroOrNegativeLifetimeGetsTheFloor(t *testing.T) {
	t.Parallel()
	for name, field := range map[string]string{"missing": ``, "zero": `,"expires_in":0`, "negative": `,"expires_in":-30`,
		"not a number": `,"expires_in":"soon"`} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, _ := due(t, sdk.Options{})
			e.tokenAnswer(200, `{"access_token":"at-floor","token_type":"Bearer"`+field+`}`)
			if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got, want := e.c.Snapshot().ExpireAt, e.clock.Now().Add(sdk.MinTokenLifetime*9/10); !got.Equal(want) {
				t.Fatalf("expires %v, want the floor's %v", got, want)
			}
			before := e.count("token:refresh_token")
			for range 5 {
				if _, err := e.c.Fetch(context.Background(), &appRequest{url: appOrigin + "/api"}); err != nil {
					t.Fatal(err)
				}
			}
			if n := e.count("token:refresh_token") - before; n != 0 {
				t.Fatalf("%d refreshes for 5 calls right after a refresh, want 0", n)
			}
		})
	}
}

func TestConfigure_AnEmptyStoredRefreshTokenIsNoSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	_ = e.storage.Set(keyPrefix+"refreshToken", "")
	if err := e.c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
		t.Fatal(err)
	}
	if s := e.c.Snapshot().State; s != sdk.SessionStateNoSession {
		t.Fatalf("state %s, want NO_SESSION for an empty stored refresh token", s)
	}
	if _, err := e.c.FetchUserInfo(context.Background()); !errors.Is(err, sdk.ErrNoSession) {
		t.Fatalf("fetchUserInfo: %v, want ErrNoSession", err)
	}
	if n := len(e.tr.requests("/oauth2/")); n != 0 {
		t.Fatalf("%d token or userinfo requests sent, want none", n)
	}
}

func TestRefresh_ARefreshTokenRejectedOverAndOverDoesNotLoop(t *testing.T) {
	t.Parallel()
	e, rt := due(t, sdk.Options{})
	e.idp.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: devidp.FaultStatus, Status: 400,
		Code: "invalid_request", Times: 1000})
	before := e.count("token:refresh_token")
	for i := range 20 {
		_, err := e.c.Fetch(context.Background(), &appRequest{url: appOrigin + "/api"})
		var oe *sdk.OAuthError
		if !errors.As(err, &oe) || oe.Code != "invalid_request" {
			t.Fatalf("call %d: %v, want the provider's invalid_request", i, err)
		}
	}
	if n := e.count("token:refresh_token") - before; n > 2 {
		t.Fatalf("%d refresh requests for 20 calls, want at most 2: the session loops on the token endpoint", n)
	}
	if e.stored("refreshToken") != rt || e.c.Snapshot().State != sdk.SessionStateAuthenticated {
		t.Fatal("invalid_request is not invalid_grant: the session and its token must stay")
	}
	e.idp.ClearFaults()
	e.clock.Advance(sdk.RejectedRefreshBackoff)
	e.keptAndWorks(rt)
}
