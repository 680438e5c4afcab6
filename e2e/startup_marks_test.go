package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// The start-up is visible in the browser's Performance panel, as the README says: one
// User Timing mark per step, in the order they happen, before configure() resolves
// (make bench reads the same marks for its breakdown rows).
func TestStartup_MarksEachStepInOrder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	copyScriptTagBuild(t, filepath.Join(repoRoot, "web", "dist"), filepath.Join(root, "vendor", "wasmgear"))
	srv := startAppAt(t, root, devserver.Config{})
	page := `<!doctype html>
<title>marks</title>
<script src="/vendor/wasmgear/authgear.js"></script>
<script>authgear.configure({ clientID: ` + jsString(srv.ClientID) + `, endpoint: ` + jsString(srv.IdPURL) + ` }).then(() => {
  window.marks = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("wasmgear:")).map((m) => [m.name, m.startTime]);
  window.configuredAt = performance.now();
});</script>`
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitForPage(srv.AppURL, `window.configuredAt !== undefined`, 20*time.Second)
	var marks [][2]any
	tb.eval(`window.marks`, &marks)
	var configuredAt float64
	tb.eval(`window.configuredAt`, &configuredAt)
	want := []string{"wasmgear:fetch", "wasmgear:response", "wasmgear:compiled", "wasmgear:instantiated", "wasmgear:main", "wasmgear:exports", "wasmgear:configure"}
	var names []string
	last := 0.0
	for _, m := range marks {
		name, _ := m[0].(string)
		at, _ := m[1].(float64)
		names = append(names, name)
		if at < last || at > configuredAt {
			t.Errorf("mark %s at %.1f ms: out of order (previous at %.1f, configure resolved at %.1f)", name, at, last, configuredAt)
		}
		last = at
	}
	if !slices.Equal(names, want) {
		t.Fatalf("start-up marks before configure() resolved: %q, want %q", names, want)
	}
}
