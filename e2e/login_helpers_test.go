package e2e

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// loginThroughForm clicks the demo's "Log in", fills the provider's form and waits until
// the demo page has finished the login.
func loginThroughForm(t *testing.T, tb *tab, username, password string) {
	t.Helper()
	app := tb.origin()
	tb.waitForPage(app, `typeof demo !== "undefined" && authgear.sessionState !== "UNKNOWN"`, 20*time.Second)
	tb.run(chromedp.Click("#login", chromedp.ByQuery))
	fillLoginForm(t, tb, app, username, password)
	tb.waitForPage(app, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED" && document.querySelector("#output").textContent.includes("sub")`, 20*time.Second)
}

// fillLoginForm waits for the provider's form (any origin but app), fills and submits it.
func fillLoginForm(t *testing.T, tb *tab, app, username, password string) {
	t.Helper()
	tb.waitForPage("http", `!location.href.startsWith(`+jsString(app)+`) && document.querySelector("#username")`, 20*time.Second)
	tb.run(
		chromedp.SendKeys("#username", username, chromedp.ByQuery),
		chromedp.SendKeys("#password", password, chromedp.ByQuery),
		chromedp.Click("#login", chromedp.ByQuery),
	)
}

// refreshGrants is how many refresh_token grants the provider has answered.
func refreshGrants(srv *devserver.Server) int {
	return srv.IdP.Counts()["token:refresh_token"]
}

// waitUntil polls a server-side condition; the browser's work shows up there.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// referenceSnippets returns the JavaScript snippets of the reference page, in order,
// exactly as published: the blocks inside its "Javascript" tabs.
func referenceSnippets(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/reference-002-authorized-api-calls.txt")
	if err != nil {
		t.Fatal(err)
	}
	tabs := regexp.MustCompile(`(?s)\{% tab title="Javascript" %\}\s*`+"```"+`[a-z]*\n(.*?)`+"```").FindAllStringSubmatch(string(data), -1)
	var out []string
	for _, m := range tabs {
		out = append(out, m[1])
	}
	if len(out) != 5 {
		t.Fatalf("found %d JavaScript snippets in the reference page, want 5", len(out))
	}
	return out
}

// withValues fills the placeholders of a reference snippet — the only change made to it.
func withValues(snippet string, srv *devserver.Server, serverURL string) string {
	return strings.NewReplacer(
		`"<YOUR_APPLICATION_CLIENT_ID>"`, jsString(srv.ClientID),
		`"<YOUR_AUTHGEAR_ENDPOINT>"`, jsString(srv.IdPURL),
		`"YOUR_SERVER_URL"`, jsString(serverURL),
	).Replace(snippet)
}
