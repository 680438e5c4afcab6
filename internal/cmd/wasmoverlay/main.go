// Command wasmoverlay writes the `go build -overlay` file with which the Makefile builds
// the WebAssembly module: package time with a time.Time.String that does not format.
//
// Why: a context.Context is an interface whose Deadline method returns a time.Time, so any
// program that uses context makes the linker treat time.Time as converted to an interface
// and keep its String method (runtime's panic printer calls String through an interface).
// That one method holds all of time's layout formatting and zone rules: 10.9 KB brotli of
// a module that never prints a time. The replacement prints the Unix nanoseconds.
//
// The overlay is made from the Go installation that builds (-goroot), so it follows Go
// upgrades; if format.go no longer has the method in the expected shape, this fails and
// the build stops, rather than build with an unpatched or broken time package.
//
//	go run ./internal/cmd/wasmoverlay -goroot "$(go env GOROOT)" -o bin/overlay
package main

import (
	"encoding/json"
	"flag"
	"log"
	"os"
	"path/filepath"
	"strings"
)

// method is the start of the function the overlay removes from time/format.go.
const method = "\nfunc (t Time) String() string {\n"

// replacement is the file the overlay adds to package time in its place.
const replacement = `package time

// String is wasmgear's replacement (internal/cmd/wasmoverlay): the Unix nanoseconds,
// "time.Time(unix=<n>ns)", without the layout formatter the WebAssembly module leaves out.
func (t Time) String() string {
	n := t.UnixNano()
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return "time.Time(unix=" + string(buf[i:]) + "ns)"
}
`

func main() {
	goroot := flag.String("goroot", "", "the GOROOT of the go command that builds the module")
	out := flag.String("o", "", "the directory to write the overlay to (its overlay.json is what -overlay takes)")
	flag.Parse()
	if *goroot == "" || *out == "" {
		log.Fatal("wasmoverlay: -goroot and -o are required")
	}
	dir, err := filepath.Abs(*out)
	if err != nil {
		log.Fatal(err)
	}
	formatGo := filepath.Join(*goroot, "src", "time", "format.go")
	src, err := os.ReadFile(formatGo)
	if err != nil {
		log.Fatal(err)
	}
	patched, err := withoutMethod(string(src))
	if err != nil {
		log.Fatalf("wasmoverlay: %s: %v; update internal/cmd/wasmoverlay for this Go version", formatGo, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	files := map[string]string{
		formatGo: patched,
		filepath.Join(*goroot, "src", "time", "wasmgear_string.go"): replacement,
	}
	overlay := map[string]map[string]string{"Replace": {}}
	for target, content := range files {
		path := filepath.Join(dir, filepath.Base(target))
		if err := writeIfChanged(path, content); err != nil {
			log.Fatal(err)
		}
		overlay["Replace"][target] = path
	}
	j, err := json.MarshalIndent(overlay, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	if err := writeIfChanged(filepath.Join(dir, "overlay.json"), string(j)+"\n"); err != nil {
		log.Fatal(err)
	}
}

// withoutMethod cuts time.Time.String out of format.go's source: from its signature to
// the first closing brace at the start of a line.
func withoutMethod(src string) (string, error) {
	start := strings.Index(src, method)
	if start < 0 || strings.Count(src, method) != 1 {
		return "", errString("func (t Time) String() not found exactly once")
	}
	end := strings.Index(src[start+len(method):], "\n}\n")
	if end < 0 {
		return "", errString("the end of func (t Time) String() not found")
	}
	end += start + len(method) + len("\n}\n")
	return src[:start] + "\n// (String: see wasmgear_string.go)\n" + src[end:], nil
}

// writeIfChanged leaves a file that already holds content alone, so go build's cache,
// which keys on the overlay files' contents, stays warm.
func writeIfChanged(path, content string) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == content {
		return nil
	}
	return os.WriteFile(path, []byte(content), 0o644)
}

type errString string

func (e errString) Error() string { return string(e) }
