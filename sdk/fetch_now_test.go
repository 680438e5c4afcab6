package sdk_test

import (
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// The quick answers never wait for the session: called from the listener, which runs
// while a change holds it, they say "not now" instead of waiting for themselves (with a
// plain Lock this test never ends). Outside a change, a fresh token answers at once.
func TestQuickAnswers_FromInsideAChangeSayNotNow(t *testing.T) {
	t.Parallel()
	var c *sdk.Container
	inside := map[sdk.Reason][2]bool{}
	api := &appRequest{url: appOrigin + "/api/me"}
	e := newEnv(t, sdk.Options{}, sdk.WithListener(func(_ sdk.SessionState, r sdk.Reason) {
		if c != nil {
			wait, _ := c.RefreshWouldWait()
			_, ready, _ := c.CredentialsNow(api)
			inside[r] = [2]bool{wait, ready}
		}
	}))
	c = e.c
	e.nav.SetLocation(appOrigin + "/page")
	e.login()
	if got := inside[sdk.ReasonAuthenticated]; got != [2]bool{true, false} {
		t.Fatalf("inside the sign-in: RefreshWouldWait, CredentialsNow ready = %v, want [true false]", got)
	}
	wait, err := c.RefreshWouldWait()
	creds, ready, err2 := c.CredentialsNow(api)
	if wait || err != nil || !ready || err2 != nil || creds.Authorization == "" {
		t.Fatalf("after it: wait %v (%v), ready %v (%v), Authorization %q; want an answer at once with the token", wait, err, ready, err2, creds.Authorization)
	}
}
