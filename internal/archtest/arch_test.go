// Package archtest checks the layout rules of ARCHITECTURE.md that the compiler cannot:
// which files may touch JavaScript, what the wasm entry point may import, and that the
// names shared by Go, the JS glue and the declarations agree.
package archtest

import (
	"bufio"
	"go/ast"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var root = filepath.Join("..", "..")

// TestJSBridgeFilesCarryTheWasmBuildTag: every jsbridge and wasm file must start with
// `//go:build js && wasm`, so that nothing browser-only leaks into a native build.
func TestJSBridgeFilesCarryTheWasmBuildTag(t *testing.T) {
	for _, dir := range []string{"jsbridge", "wasm"} {
		files, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, f := range files {
			if first := firstLine(t, f); first != "//go:build js && wasm" {
				t.Errorf("%s starts with %q, want //go:build js && wasm", f, first)
			}
		}
	}
}

// TestOnlyJSBridgeTouchesJavaScript: outside jsbridge, no package imports syscall/js or
// safejs (the wasm main wires, it does not call JS itself).
func TestOnlyJSBridgeTouchesJavaScript(t *testing.T) {
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		if strings.HasSuffix(pkg, "/jsbridge") || strings.Contains(pkg, "/internal/cmd/") {
			continue
		}
		for _, imp := range fields[1:] {
			if imp == "syscall/js" || imp == "github.com/hack-pad/safejs" {
				t.Errorf("%s imports %s: only jsbridge may touch JavaScript", pkg, imp)
			}
		}
	}
}

// TestWasmOnlyWires: wasm/ imports sdk and jsbridge and nothing else, so it can hold no
// logic of its own: anything it would need lives in one of them, tested there.
func TestWasmOnlyWires(t *testing.T) {
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-f", `{{join .Imports " "}}`, "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		if imp != "github.com/wasmgear/wasmgear/sdk" && imp != "github.com/wasmgear/wasmgear/jsbridge" {
			t.Errorf("wasm imports %s: it may import only sdk and jsbridge", imp)
		}
	}
}

// TestJSBridgeHoldsNoPageState: jsbridge's package-level variables are sentinel errors
// and read-only tables of literals. State (a database connection, a channel) belongs to
// a value wasm/ constructs and passes in, so each container's wiring is explicit and a
// test can make a fresh one.
func TestJSBridgeHoldsNoPageState(t *testing.T) {
	for name, value := range parseBridge(t).vars {
		switch v := value.(type) {
		case *ast.CompositeLit: // a table
			continue
		case *ast.CallExpr:
			if sel, ok := v.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "errors" {
					continue
				}
			}
		}
		t.Errorf("jsbridge has the package-level variable %s: pass state in from wasm/ instead", name)
	}
}

func firstLine(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Scan()
	return s.Text()
}
