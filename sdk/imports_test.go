package sdk_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestImportRules enforces ARCHITECTURE.md: on js/wasm, sdk itself imports neither
// syscall/js nor fmt, and nothing it links reaches safejs or net/http; the heavy packages
// the size budget rules out (encoding/json, net/url, crypto/*) stay out of its own imports.
func TestImportRules(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	list := func(args ...string) []string {
		cmd := exec.Command(goTool, append([]string{"list"}, args...)...)
		cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %v: %v", args, err)
		}
		return strings.Fields(string(out))
	}
	for _, imp := range list("-f", `{{join .Imports " "}}`, ".") {
		if imp == "syscall/js" || imp == "fmt" || imp == "encoding/json" || imp == "net/url" ||
			imp == "net/http" || strings.HasPrefix(imp, "crypto/") || strings.Contains(imp, "safejs") {
			t.Errorf("sdk imports %s", imp)
		}
	}
	for _, dep := range list("-deps", ".") {
		if strings.HasPrefix(dep, "net/http") || strings.Contains(dep, "safejs") || dep == "encoding/json" {
			t.Errorf("sdk links %s", dep)
		}
	}
}
