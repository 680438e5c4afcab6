// Command wasmoverlay writes the `go build -overlay` file with which the Makefile builds
// the WebAssembly module: package time with two things the module never uses cut out, each
// of which the linker cannot drop on its own.
//
//   - time.Time.String without the layout formatter: a context.Context is an interface
//     whose Deadline method returns a time.Time, so any program that uses context makes
//     the linker treat time.Time as converted to an interface and keep its String method
//     (runtime's panic printer calls String through an interface). That method holds all
//     of time's layout formatting and zone rules: 10.9 KB brotli of a module that never
//     prints a time. The replacement prints the Unix nanoseconds.
//   - the GODEBUG setting asynctimerchan=1 (pre-Go 1.23 timer channels): reading it links
//     internal/godebug, whose init registers with the runtime and so keeps internal/bisect
//     and the runtime's metrics tables (runtime.initMetrics alone is 23 KB of code): 27.5 KB
//     brotli. A browser module has no environment; a GODEBUG default could only come from
//     go.mod or a //go:debug line, and this repository sets none, so the default (the
//     Go 1.23 timers) is what the module always ran.
//
// The overlay is made from the Go installation that builds (-goroot), so it follows Go
// upgrades; if a file no longer has the expected shape, this fails and the build stops,
// rather than build with an unpatched or broken time package.
//
//	go run ./internal/cmd/wasmoverlay -goroot "$(go env GOROOT)" -o bin/_overlay
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
	timeDir := filepath.Join(*goroot, "src", "time")
	files := map[string]string{filepath.Join(timeDir, "wasmgear_string.go"): replacement}
	for name, patch := range map[string]func(string) (string, error){
		"format.go": withoutMethod,
		"sleep.go":  withoutAsyncTimerChan,
	} {
		path := filepath.Join(timeDir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			log.Fatal(err)
		}
		if files[path], err = patch(string(src)); err != nil {
			log.Fatalf("wasmoverlay: %s: %v; update internal/cmd/wasmoverlay for this Go version", path, err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
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

// asyncTimerChanEdits take the asynctimerchan setting out of sleep.go: its import, the
// setting and the branch for asynctimerchan=1; syncTimer then always hands the runtime
// the channel, as it does under the default.
var asyncTimerChanEdits = [][2]string{
	{"import (\n\t\"internal/godebug\"\n\t\"unsafe\"\n)\n", "import (\n\t\"unsafe\"\n)\n"},
	{"var asynctimerchan = godebug.New(\"asynctimerchan\")\n", ""},
	{"\t// If asynctimerchan=1, we don't even tell the runtime\n\t// about channel timers, so that we get the pre-Go 1.23 code paths.\n" +
		"\tif asynctimerchan.Value() == \"1\" {\n\t\tasynctimerchan.IncNonDefault()\n\t\treturn nil\n\t}\n\n", ""},
}

// withoutAsyncTimerChan applies asyncTimerChanEdits, each of which must match once.
func withoutAsyncTimerChan(src string) (string, error) {
	for _, e := range asyncTimerChanEdits {
		if strings.Count(src, e[0]) != 1 {
			return "", errString("not found exactly once: " + e[0])
		}
		src = strings.Replace(src, e[0], e[1], 1)
	}
	if strings.Contains(src, "godebug.") {
		return "", errString("internal/godebug is still used")
	}
	return src, nil
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
