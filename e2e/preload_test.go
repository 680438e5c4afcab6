package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// The README's <link rel="preload"> for script-tag users is the request the SDK then
// uses: the module is downloaded once, and configure still resolves. A preload whose
// mode or credentials differ from the loader's fetch would be downloaded a second time.
func TestReadme_PreloadLinkIsTheModuleRequest(t *testing.T) {
	t.Parallel()
	link := regexp.MustCompile(`<link rel="preload"[^>]*>`).FindString(readmeScriptTag(t))
	if link == "" {
		t.Fatal(`the README's script-tag example has no <link rel="preload">`)
	}
	root := t.TempDir()
	copyScriptTagBuild(t, filepath.Join(repoRoot, "web", "dist"), filepath.Join(root, "vendor", "wasmgear"))
	srv := startAppAt(t, root, devserver.Config{})
	page := "<!doctype html>\n<title>preload</title>\n" + link + "\n" +
		`<script src="/vendor/wasmgear/authgear.js"></script>
<script>authgear.configure({ clientID: ` + jsString(srv.ClientID) + `, endpoint: ` + jsString(srv.IdPURL) + ` }).then(() => { window.configured = true; });</script>`
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitForPage(srv.AppURL, `window.configured === true`, 20*time.Second)
	var requests int
	tb.eval(`performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/wasmgear.wasm")).length`, &requests)
	if requests != 1 {
		t.Fatalf("the module was requested %d times, want 1 (the preload is not the loader's request)", requests)
	}
}
