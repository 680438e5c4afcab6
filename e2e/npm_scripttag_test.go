package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// readmeScriptTag returns the script-tag example of the README's "Install" section.
func readmeScriptTag(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?ms)^## Install\n.*?```html\n(.*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatal(`the README has no HTML example under "## Install"`)
	}
	return string(m[1])
}

// copyFile copies src to dst, creating dst's directory.
// copyScriptTagBuild copies the script-tag build's two files (the glue and the module)
// from the folder from to the folder to, where a test's own page serves them.
func copyScriptTagBuild(t *testing.T, from, to string) {
	t.Helper()
	for _, name := range []string{"authgear.js", "wasmgear.wasm"} {
		copyFile(t, filepath.Join(from, name), filepath.Join(to, name))
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNPMScriptTag_ReadmeExampleFromThePackage serves the script-tag build out of the
// installed npm package under /vendor/wasmgear/ and runs the README's script-tag example
// on the page, with only the client ID and endpoint filled in: it logs in and calls the API.
func TestNPMScriptTag_ReadmeExampleFromThePackage(t *testing.T) {
	t.Parallel()
	pkg := filepath.Join(filepath.Dir(consumerBundle(t, "dist-esbuild")), "node_modules", "wasmgear", "dist")
	root := t.TempDir()
	copyScriptTagBuild(t, pkg, filepath.Join(root, "vendor", "wasmgear"))
	srv := startAppAt(t, root, devserver.Config{})
	example := strings.NewReplacer(
		`"my-client"`, jsString(srv.ClientID),
		`"https://myapp.authgear.cloud"`, jsString(srv.IdPURL),
	).Replace(readmeScriptTag(t))
	page := "<!doctype html>\n<title>script tag</title>\n" + example
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}

	// The example sends a signed-out user straight to the provider's form.
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.run(
		chromedp.WaitVisible("#username", chromedp.ByQuery),
		chromedp.SendKeys("#username", "alice", chromedp.ByQuery),
		chromedp.SendKeys("#password", "wonderland", chromedp.ByQuery),
		chromedp.Click("#login", chromedp.ByQuery),
	)
	waitUntil(t, "the example's authgear.fetch(\"/api/me\")", func() bool { return len(srv.APIRequests()) > 0 })
	tb.waitFor(`window.authgear && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	if r := srv.APIRequests()[0]; r.Path != "/api/me" || !strings.HasPrefix(r.Authorization, "DPoP ") {
		t.Errorf("the example's fetch reached %s %s, DPoP token sent: %v", r.Method, r.Path, strings.HasPrefix(r.Authorization, "DPoP "))
	}
}
