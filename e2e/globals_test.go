package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestGlobals_OnlyAuthgearStays loads the script-tag build on a bare page, configures it
// (so the Go module has started) and compares the page's global names with those before
// the script: only authgear is new. Go's wasm_exec.js defines fs, process, path and Go;
// they must be gone, so `typeof process !== "undefined" && process.env.NODE_ENV` holds.
func TestGlobals_OnlyAuthgearStays(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	copyScriptTagBuild(t, filepath.Join(repoRoot, "web", "dist"), root)
	srv := startAppAt(t, root, devserver.Config{})
	page := `<!doctype html><title>globals</title>
<script>window.globalsBefore = Object.getOwnPropertyNames(globalThis).concat("globalsBefore");</script>
<script src="/authgear.js"></script>
<script>
window.loaded = ` + configureJS(srv) + `.then(() => authgear.sessionState);
</script>`
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitFor(`window.loaded !== undefined`, 20*time.Second)
	var state string
	tb.eval(`loaded`, &state)
	if state != "NO_SESSION" {
		t.Fatalf("configure resolved with sessionState %q, want NO_SESSION", state)
	}
	var added []string
	tb.eval(`Object.getOwnPropertyNames(globalThis).filter((n) => !globalsBefore.includes(n) && n !== "loaded")`, &added)
	slices.Sort(added)
	if !slices.Equal(added, []string{"authgear"}) {
		t.Errorf("globals added by loading and starting the SDK: %q, want only authgear", added)
	}
	var nodeEnv string
	tb.eval(`typeof process !== "undefined" && process.env.NODE_ENV || "browser"`, &nodeEnv)
	if nodeEnv != "browser" {
		t.Errorf("the NODE_ENV idiom gave %q", nodeEnv)
	}
	// The SDK still works with the globals gone: a second container starts its own module.
	var second string
	tb.eval(`(async () => { const c = new authgear.WebContainer({ name: "second", wasmURL: "/wasmgear.wasm?again" });
	  await c.configure({ clientID: authgear.clientID || `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+` }); return c.sessionState; })()`, &second)
	if second != "NO_SESSION" {
		t.Errorf("a second module, started after the globals were removed: sessionState %q", second)
	}
	tb.eval(`Object.getOwnPropertyNames(globalThis).filter((n) => !globalsBefore.includes(n) && n !== "loaded")`, &added)
	if !slices.Equal(added, []string{"authgear"}) {
		t.Errorf("globals after a second module started: %q, want only authgear", added)
	}
}
