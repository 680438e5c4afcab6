package sdk_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// pendingState starts a login and returns the state this browser sent.
func (e *env) pendingState() string {
	e.t.Helper()
	authURL, err := e.c.MakeAuthorizeURL(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI, State: "app-state"})
	if err != nil {
		e.t.Fatal(err)
	}
	u, _ := url.Parse(authURL)
	return u.Query().Get("state")
}

func TestCallback_AnErrorCallbackHasItsStateCheckedFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.pendingState()
	e.nav.SetLocation(redirectURI + "&error=access_denied&error_description=forged&state=not-the-one-sent")
	_, err := e.c.FinishAuthentication(context.Background())
	var oe *sdk.OAuthError
	if !errors.Is(err, sdk.ErrStateMismatch) || errors.As(err, &oe) {
		t.Fatalf("err = %v, want ErrStateMismatch: an error callback with a foreign state is forged", err)
	}
}

func TestCallback_AnErrorCallbackWithTheRightStateIsTheProvidersError(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	state := e.pendingState()
	e.nav.SetLocation(redirectURI + "&error=access_denied&state=" + url.QueryEscape(state))
	_, err := e.c.FinishAuthentication(context.Background())
	var oe *sdk.OAuthError
	if !errors.As(err, &oe) || oe.Code != "access_denied" || oe.State != "app-state" {
		t.Fatalf("err = %v, want the provider's access_denied with the app's state", err)
	}
}

func TestCallback_WithNoLoginPendingTheCodeStillLeavesTheAddressBar(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.nav.SetLocation(appOrigin + "/callback?keep=1&code=stolen-code&state=s&iss=x#route")
	if _, err := e.c.FinishAuthentication(context.Background()); !errors.Is(err, sdk.ErrNoAuthentication) {
		t.Fatalf("err = %v, want ErrNoAuthentication", err)
	}
	if loc := e.nav.Location(); strings.Contains(loc, "code=") || strings.Contains(loc, "state=") || loc != appOrigin+"/callback?keep=1#route" {
		t.Fatalf("address bar %q, want the code and state removed and the rest kept", loc)
	}
}
