package e2e

import (
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// The delegate is told of a change while the core is in the middle of it. A delegate
// that calls the SDK right there must get answers, never hang the page: the calls that
// usually answer at once (refreshAccessTokenIfNeeded, fetch) see the change in progress
// and wait for it instead.
func TestDelegate_CallsTheSDKFromInsideAChange(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openSignedInTabs(t, srv, 1)[0]
	tb.eval(`authgear.fetch("/api/me").then((r) => r.status)`, nil) // the token is fresh: the quick path
	tb.eval(`(() => {
	  window.fromDelegate = [];
	  authgear.delegate = { onSessionStateChange: (c, reason) => {
	    fromDelegate.push(authgear.refreshAccessTokenIfNeeded().then(() => reason + ": refreshed", (e) => reason + ": " + e.name));
	    fromDelegate.push(authgear.fetch("/api/me").then((r) => reason + ": " + r.status, (e) => reason + ": " + e.name));
	  } };
	  return true;
	})()`, nil)
	tb.eval(`authgear.clearSessionState().then(() => true)`, nil)
	tb.waitFor(`window.fromDelegate.length === 2`, 10*time.Second)
	var answers []string
	if err := tb.tryEval(`Promise.race([Promise.all(window.fromDelegate), new Promise((r) => setTimeout(() => r(["hung"]), 10000))])`, &answers); err != nil {
		t.Fatalf("the page stopped answering: %v", err)
	}
	if len(answers) != 2 || answers[0] != "CLEAR: refreshed" || answers[1] != "CLEAR: 401" {
		t.Fatalf("calls made from the delegate ended %v, want [CLEAR: refreshed CLEAR: 401]", answers)
	}
	var state string
	tb.eval(`authgear.sessionState`, &state)
	if state != "NO_SESSION" {
		t.Fatalf("sessionState %s after clearSessionState", state)
	}
}
