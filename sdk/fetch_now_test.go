package sdk_test

import (
	"context"
	"strings"
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

// A DPoP-bound token needs a proof signed for each request, and signing (WebCrypto) is
// asynchronous: the quick answer must say "not now" instead of sending the token bare,
// and Fetch, which a goroutine then runs, sends it with its proof.
func TestQuickAnswers_DPoPTokenWaitsForItsProof(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.login()
	d.nav.SetLocation(appOrigin + "/page")
	api := &appRequest{url: appOrigin + "/api/me", method: "GET"}
	if creds, ready, err := d.c.CredentialsNow(api); ready || err != nil || creds != (sdk.Credentials{}) {
		t.Fatalf("CredentialsNow with a DPoP token: %+v ready %v (%v), want not ready", creds, ready, err)
	}
	if _, err := d.c.Fetch(context.Background(), api); err != nil {
		t.Fatal(err)
	}
	if sent := api.sends(); len(sent) != 1 || sent[0].DPoP == "" {
		t.Fatalf("Fetch sent %+v, want the token with a proof", sent)
	}
}

// The quick answer keeps the allowlist's warning: an origin it withholds the token from
// is named once, as Fetch names it.
func TestQuickAnswers_WarnAboutAWithheldOrigin(t *testing.T) {
	t.Parallel()
	w := &warnings{}
	e := newEnv(t, sdk.Options{}, sdk.WithWarner(w.warn))
	e.login()
	e.nav.SetLocation(appOrigin + "/page")
	creds, ready, err := e.c.CredentialsNow(&appRequest{url: "https://other.example/c"})
	if !ready || err != nil || creds != (sdk.Credentials{}) {
		t.Fatalf("CredentialsNow for another origin: %+v ready %v (%v), want nothing, at once", creds, ready, err)
	}
	if got := w.all(); len(got) != 1 || !strings.Contains(got[0], "https://other.example") {
		t.Fatalf("warnings %q, want one naming the origin", got)
	}
}
