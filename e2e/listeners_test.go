package e2e

import (
	"slices"
	"testing"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestAddListener_BesideTheDelegate: several listeners hear every session state change
// with the delegate still called; an unsubscribed one hears nothing more; one that throws
// does not stop the others.
func TestAddListener_BesideTheDelegate(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/?manual=1")
	tb.expectConsoleErrors() // the throwing listener is reported with console.error
	tb.eval(`(() => {
	  window.heard = { a: [], b: [], delegate: [] };
	  authgear.delegate = { onSessionStateChange: (c, r) => heard.delegate.push(r) };
	  authgear.addListener(() => { throw new Error("a listener's own bug"); });
	  authgear.addListener((c, r) => heard.a.push(c.name + ":" + r));
	  window.stopB = authgear.addListener((c, r) => heard.b.push(r));
	  return true;
	})()`, nil)
	tb.eval(configureJS(srv)+`.then(() => true)`, nil)
	tb.eval(`stopB(), stopB(), authgear.clearSessionState().then(() => true)`, nil)
	var heard struct {
		A        []string `json:"a"`
		B        []string `json:"b"`
		Delegate []string `json:"delegate"`
	}
	tb.eval(`heard`, &heard)
	if !slices.Equal(heard.A, []string{"default:NO_TOKEN", "default:CLEAR"}) || !slices.Equal(heard.B, []string{"NO_TOKEN"}) ||
		!slices.Equal(heard.Delegate, []string{"NO_TOKEN", "CLEAR"}) {
		t.Fatalf("heard %+v; want a: NO_TOKEN, CLEAR; b (unsubscribed after configure): NO_TOKEN; delegate: NO_TOKEN, CLEAR", heard)
	}
	var typeErr string
	tb.eval(`(() => { try { authgear.addListener("nope"); return ""; } catch (e) { return e.code; } })()`, &typeErr)
	if typeErr != "invalid_options" {
		t.Errorf("addListener(non-function) threw code %q, want invalid_options", typeErr)
	}
}
