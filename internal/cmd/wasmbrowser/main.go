// Command wasmbrowser runs a js/wasm Go test binary inside headless Chromium; it is the
// `go test -exec` program for jsbridge, whose localStorage, URL and Promise adapters are
// only real in a browser. It serves the binary on 127.0.0.1, forwards the page's console
// to stdout and exits with the Go program's exit code.
//
//	GOOS=js GOARCH=wasm go test -exec "$PWD/bin/wasmbrowser" ./jsbridge/
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/chrome"
)

func main() {
	code, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmbrowser:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

func run(args []string) (int, error) {
	if len(args) < 1 {
		return 2, errors.New("usage: wasmbrowser file.wasm [test flags]")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 2, err
	}
	defer ln.Close()
	go http.Serve(ln, handler(args[0], args[1:])) //nolint:errcheck // ends with the listener

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	alloc, stop, err := chrome.NewAllocator(ctx)
	if err != nil {
		return 2, err
	}
	defer stop()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()

	chromedp.ListenTarget(tab, func(ev any) {
		switch ev := ev.(type) {
		case *cdpruntime.EventConsoleAPICalled:
			printConsole(ev)
		case *cdpruntime.EventExceptionThrown:
			fmt.Fprintln(os.Stderr, "uncaught exception:", ev.ExceptionDetails.Error())
		}
	})
	var exit int
	err = chromedp.Run(tab,
		chromedp.Navigate("http://"+ln.Addr().String()+"/"),
		chromedp.Poll(`window.__exitCode !== undefined`, nil, chromedp.WithPollingTimeout(0)),
		chromedp.Evaluate(`window.__exitCode`, &exit),
	)
	if err != nil {
		return 2, err
	}
	return exit, nil
}

// printConsole writes what the Go program printed (wasm_exec.js turns stdout lines into
// console.log calls) to our stdout, so `go test` parses it as usual.
func printConsole(ev *cdpruntime.EventConsoleAPICalled) {
	out := os.Stdout
	if ev.Type == cdpruntime.APITypeError || ev.Type == cdpruntime.APITypeWarning {
		out = os.Stderr
	}
	fmt.Fprintln(out, chrome.ConsoleText(ev))
}

// handler serves the page, Go's wasm_exec.js and the test binary.
func handler(wasmPath string, testArgs []string) http.Handler {
	argv, _ := json.Marshal(append([]string{filepath.Base(wasmPath)}, testArgs...))
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, page, argv)
	})
	mux.HandleFunc("/wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	})
	mux.HandleFunc("/test.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, wasmPath)
	})
	mux.HandleFunc("/echo", echo)
	return mux
}

// echo answers with what it received, so the bridge's fetch transport can be tested
// against a real server: status from ?status=, the request's method, headers and body.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	headers := map[string]string{}
	for k := range r.Header {
		headers[strings.ToLower(k)] = r.Header.Get(k)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Echo", "yes")
	status := http.StatusOK
	if s, err := strconv.Atoi(r.URL.Query().Get("status")); err == nil {
		status = s
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "headers": headers, "body": string(body)})
}

const page = `<!doctype html><meta charset="utf-8"><title>go test</title>
<script src="/wasm_exec.js"></script>
<script>
const go = new Go();
go.argv = %s;
go.exit = (code) => { window.__exitCode = code; };
WebAssembly.instantiateStreaming(fetch("/test.wasm"), go.importObject)
  .then((r) => go.run(r.instance))
  .catch((e) => { console.error(String(e)); window.__exitCode = 2; });
</script>`
