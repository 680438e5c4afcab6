package e2e

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sizeBudget is what a page may download, brotli-compressed: the WebAssembly module plus
// the script-tag glue. Checked exactly, so a heavy import cannot slip in unnoticed.
const sizeBudget = 640_000

func TestBundleSize_WithinBudget(t *testing.T) {
	files := []string{"wasmgear.wasm", "authgear.js"}
	total := 0
	for _, f := range files {
		n := brotliSize(t, filepath.Join(repoRoot, "web", "dist", f))
		t.Logf("%s: %d bytes brotli", f, n)
		total += n
	}
	t.Logf("total: %d bytes brotli (budget %d)", total, sizeBudget)
	if total > sizeBudget {
		t.Fatalf("wasm + glue = %d bytes brotli, over the %d budget: `make size` shows where", total, sizeBudget)
	}
}

// brotliSize compresses with Node's zlib at quality 11, as a CDN would serve the file.
func brotliSize(t *testing.T, path string) int {
	t.Helper()
	script := `const z = require("zlib"); const d = require("fs").readFileSync(process.argv[1]);
process.stdout.write(String(z.brotliCompressSync(d, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length));`
	out, err := exec.Command("node", "-e", script, path).Output()
	if err != nil {
		t.Fatalf("node brotli %s: %v", path, err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
