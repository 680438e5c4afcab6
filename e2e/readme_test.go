package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// readmePlaceholders fills the README examples' client ID and endpoint with a test
// server's — the only change made to them.
func readmePlaceholders(srv *devserver.Server) *strings.Replacer {
	return strings.NewReplacer(
		`"my-client"`, jsString(srv.ClientID),
		`"https://myapp.authgear.cloud"`, jsString(srv.IdPURL),
	)
}

// cancelThenSignIn drives a README example that sends a signed-out user to the form: the
// user presses Cancel and must land on the app with the error shown and no second trip to
// the provider; then they sign in through the page's own way back (signIn clicks it).
func cancelThenSignIn(t *testing.T, srv *devserver.Server, tb *tab, signIn func()) {
	t.Helper()
	tb.run(chromedp.WaitVisible("#cancel", chromedp.ByQuery), chromedp.Click("#cancel", chromedp.ByQuery))
	tb.waitForPage(srv.AppURL, `document.body && document.body.textContent.includes("access_denied")`, 20*time.Second)
	if n := srv.IdP.Counts()["authorize"]; n != 1 {
		t.Fatalf("after Cancel the example went to the authorization endpoint %d times, want 1 (it loops)", n)
	}
	if len(srv.APIRequests()) != 0 {
		t.Fatal("the example called the API without a session")
	}
	signIn()
	fillLoginForm(t, tb, srv.AppURL, "alice", "wonderland")
	waitUntil(t, `the example's authgear.fetch("/api/me")`, func() bool { return len(srv.APIRequests()) > 0 })
	if r := srv.APIRequests()[0]; r.Path != "/api/me" || !strings.HasPrefix(r.Authorization, "DPoP ") {
		t.Errorf("the example's fetch reached %s %s, DPoP token sent: %v", r.Method, r.Path, strings.HasPrefix(r.Authorization, "DPoP "))
	}
}

// TestReadme_ScriptTagExampleSurvivesCancel runs the README's script-tag example from the
// fresh build: Cancel on the sign-in form shows access_denied instead of looping back to
// the form, and the example's "Sign in" link then completes a login and calls the API.
func TestReadme_ScriptTagExampleSurvivesCancel(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	copyScriptTagBuild(t, filepath.Join(repoRoot, "web", "dist"), filepath.Join(root, "vendor", "wasmgear"))
	srv := startAppAt(t, root, devserver.Config{})
	page := "<!doctype html>\n<title>script tag</title>\n" + readmePlaceholders(srv).Replace(readmeScriptTag(t))
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	cancelThenSignIn(t, srv, tb, func() { tb.run(chromedp.Click("a", chromedp.ByQuery)) })
	tb.waitFor(`window.authgear && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
}

// TestNPMReadme_ExampleSurvivesCancel runs the README's npm example, bundled by esbuild
// from the installed tarball (web/test/consumer/build-esbuild.mjs): Cancel shows the
// OAuthError's code and stays; loading the page again signs in and calls the API.
func TestNPMReadme_ExampleSurvivesCancel(t *testing.T) {
	t.Parallel()
	bundle := consumerBundle(t, "dist-readme")
	root := t.TempDir()
	for _, name := range []string{"index.html", "wasmgear.wasm"} {
		copyFile(t, filepath.Join(bundle, name), filepath.Join(root, name))
	}
	srv := startAppAt(t, root, devserver.Config{})
	js, err := os.ReadFile(filepath.Join(bundle, "main.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "main.js"), []byte(readmePlaceholders(srv).Replace(string(js))), 0o644); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	cancelThenSignIn(t, srv, tb, func() { tb.run(chromedp.Navigate(srv.AppURL + "/")) })
	tb.waitForPage(srv.AppURL, `document.body.textContent.includes("sub")`, 20*time.Second)
}
