package engines

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noWebLocks is the script the negative control puts before the SDK: the page then has
// no Web Locks API, as in browsers before 2022.
const noWebLocks = `<script>delete Navigator.prototype.locks;</script>`

// rootWithoutWebLocks copies the demo (index.html and web/dist) into a temporary root
// whose index.html removes Web Locks before the SDK's script runs. Every engine loads the
// same copy, so the control does not depend on an engine's init-script facility (classic
// WebDriver has none).
func rootWithoutWebLocks(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	html, err := os.ReadFile(filepath.Join(repoRoot, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	const sdkTag = `<script src="/web/dist/authgear.js"></script>`
	if !strings.Contains(string(html), sdkTag) {
		t.Fatalf("index.html has no %s to put the control before", sdkTag)
	}
	patched := strings.Replace(string(html), sdkTag, noWebLocks+"\n"+sdkTag, 1)
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(patched), 0o644); err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(repoRoot, "web", "dist")
	entries, err := os.ReadDir(dist)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "web", "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			copyFile(t, filepath.Join(dist, e.Name()), filepath.Join(dir, "web", "dist", e.Name()))
		}
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
