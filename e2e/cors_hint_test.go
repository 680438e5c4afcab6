package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestCORSHint_ProviderNotAllowingTheApp: an app on an origin the provider does not allow
// gets, for the refused discovery request, a NetworkError whose message names the
// provider's CORS settings and the app's origin — not only the browser's "Failed to fetch".
func TestCORSHint_ProviderNotAllowingTheApp(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	root := t.TempDir()
	copyScriptTagBuild(t, filepath.Join(repoRoot, "web", "dist"), root)
	page := "<!doctype html><title>not allowed</title><script src=\"/authgear.js\"></script>"
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	app := httptest.NewServer(http.FileServer(http.Dir(root)))
	t.Cleanup(app.Close)

	tb := openTab(t, newBrowserContext(t), app.URL+"/")
	tb.expectConsoleErrors() // Chrome logs the CORS refusal itself
	tb.waitFor(`window.authgear !== undefined`, 20*time.Second)
	var got struct {
		Name    string `json:"name"`
		Message string `json:"message"`
	}
	tb.eval(configureJS(srv)+`.then(() => authgear.startAuthentication({ redirectURI: location.origin + "/" }))
	  .then(() => ({ name: "resolved" }), (e) => ({ name: e.name, message: e.message }))`, &got)
	want := "check the provider's CORS settings for " + app.URL
	if got.Name != "NetworkError" || !strings.Contains(got.Message, want) {
		t.Fatalf("startAuthentication from a foreign origin: %s %q, want a NetworkError saying %q", got.Name, got.Message, want)
	}
}
