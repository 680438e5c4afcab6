package archtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// wasmForbidden are packages the WebAssembly module once linked or must never link, with
// what they cost it (brotli, measured when they went: `make size` shows the rest).
var wasmForbidden = map[string]string{
	"fmt":              "with reflect and internal/fmtsort, 66,954 bytes; safejs's copy in third_party avoids it",
	"reflect":          "comes with fmt; also keeps every exported method of every type alive",
	"internal/fmtsort": "comes with fmt",
	"encoding/json":    "about 244 KB; sdk/json_decode.go decodes what the protocol sends",
	"os":               "with io/fs and internal/poll, 15,944 bytes; jsbridge reads the environment with syscall",
	"net/http":         "doubles the module; jsbridge's transport is the browser's fetch",
}

// TestWasmLinksNoHeavyPackage: nothing in the WebAssembly module's import graph is one of
// wasmForbidden, so a new import that would bring one back fails here, naming its cost,
// before the size budget has to catch it.
func TestWasmLinksNoHeavyPackage(t *testing.T) {
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./wasm: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps ./wasm listed only %v", deps)
	}
	for _, dep := range deps {
		base := dep
		if strings.HasPrefix(dep, "net/http/") {
			base = "net/http"
		}
		if cost, ok := wasmForbidden[base]; ok {
			t.Errorf("the WebAssembly module links %s (%s): find the import with `GOOS=js GOARCH=wasm go list -deps -f '{{.ImportPath}}: {{.Imports}}' ./wasm`", dep, cost)
		}
	}
}
