// Command bench is `make bench`: wasmgear and @authgear/web 6.0.0 side by side, in one
// headless Chromium, everything on 127.0.0.1, alternating the two in every round. It
// prints one Markdown table (medians, min–max, the ratio wasmgear / @authgear/web) with
// the machine and its load average. Timings are reported here and never asserted in a
// test: this machine is shared, so read the ratios of one run.
//
// It expects `make build` (web/dist) and bench/prepare.mjs's bundle of @authgear/web
// (bench/dist), which `make bench` makes.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/chrome"
)

func main() {
	root := flag.String("root", ".", "the repository: web/dist and bench/ are read from here")
	startRounds := flag.Int("start-rounds", 15, "cold and warm start-ups per SDK")
	callRounds := flag.Int("call-rounds", 3, "rounds of the per-call loops")
	refreshCalls := flag.Int("refresh-calls", 10000, "refreshAccessTokenIfNeeded() calls per round")
	memoryCalls := flag.Int("memory-calls", 30000, "calls between the two memory readings")
	stormRounds := flag.Int("storm-rounds", 2, "storms per SDK and layout")
	only := flag.String("only", "", "comma-separated sections to run (sizes,startup,calls,storm,memory); empty: all")
	preload := flag.Bool("preload", false, "pages load wasmgear.wasm with the README's <link rel=preload>")
	profile := flag.String("profile", "", "instead of the table: profile this page expression (e.g. 'bench.refresh(10000)') in each SDK's signed-in tab, 'start': a cold start, or 'trace': wasmgear's start-up steps under Chrome's tracing")
	flag.Parse()
	if *profile != "" {
		if err := runProfile(*root, *profile); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*root, *startRounds, *callRounds, *refreshCalls, *memoryCalls, *stormRounds, *only, *preload); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(root string, startRounds, callRounds, refreshCalls, memoryCalls, stormRounds int, only string, preload bool) error {
	began := time.Now()
	want := func(section string) bool {
		ok := only == "" || strings.Contains(","+only+",", ","+section+",")
		if ok {
			fmt.Fprintf(os.Stderr, "bench: %s (%s in)\n", section, time.Since(began).Round(time.Second))
		}
		return ok
	}
	load := loadAverage()
	var rows []*row
	if want("sizes") {
		r, err := measureSizes(root)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	srv, b, stop, err := start(root)
	if err != nil {
		return err
	}
	defer stop()
	var product string
	if err := chromedp.Run(b, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		_, product, _, _, _, err = browser.GetVersion().Do(ctx)
		return err
	})); err != nil {
		return err
	}
	query := "start"
	if preload {
		query += "&preload"
	}
	if want("startup") {
		r, err := measureStartup(b, srv.origin, startRounds, query)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	var native []*row
	if want("calls") {
		tabs, done, err := signedInTabs(b, srv.origin)
		if err != nil {
			return err
		}
		res, err := measureCalls(tabs, callRounds, refreshCalls)
		done()
		if err != nil {
			return err
		}
		rows = append(append(rows, res.refresh), res.fetches...)
		native = res.native
	}
	if want("storm") {
		r, err := measureStorms(b, srv, srv.origin, stormRounds, 100)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	if want("memory") {
		r, err := measureMemory(b, srv.origin, memoryCalls)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	printTable(os.Stdout, rows)
	fmt.Println()
	for _, n := range native {
		fmt.Printf("native `fetch` alone, %s: wasmgear's tab %s, @authgear/web's tab %s\n",
			strings.TrimPrefix(n.name, "`authgear.fetch` − `fetch`, "), n.cell("wasmgear"), n.cell("authgear-web"))
	}
	fmt.Printf("machine: %s, %d cores; %s; %s; load average %s at the start, %s at the end; %s\n",
		cpuModel(), goruntime.NumCPU(), product, goruntime.Version(), load, loadAverage(), time.Since(began).Round(time.Second))
	fmt.Printf("command: make bench (go run ./bench -start-rounds %d -call-rounds %d -refresh-calls %d -memory-calls %d -storm-rounds %d)\n",
		startRounds, callRounds, refreshCalls, memoryCalls, stormRounds)
	return nil
}

// start serves the two SDKs and starts the browser.
func start(root string) (*server, context.Context, func(), error) {
	srv, err := startServer(map[string]sdkFiles{
		"wasmgear":     {dir: filepath.Join(root, "web/dist"), prefix: "/wasmgear/", script: "authgear.js"},
		"authgear-web": {dir: filepath.Join(root, "bench/dist"), prefix: "/authgear-web/", script: "authgear-web.min.js"},
	})
	if err != nil {
		return nil, nil, nil, err
	}
	alloc, cancelAlloc, err := chrome.NewAllocator(context.Background())
	if err != nil {
		return nil, nil, nil, err
	}
	b, cancelBrowser := chromedp.NewContext(alloc)
	return srv, b, func() { cancelBrowser(); cancelAlloc() }, nil
}

// runProfile profiles expr in each SDK's signed-in tab.
func runProfile(root, expr string) error {
	srv, b, stop, err := start(root)
	if err != nil {
		return err
	}
	defer stop()
	if strings.HasPrefix(expr, "eval:") {
		tabs, done, err := signedInTabs(b, srv.origin)
		if err != nil {
			return err
		}
		defer done()
		for _, sdk := range sdks {
			var v any
			if err := tabs[sdk].eval(strings.TrimPrefix(expr, "eval:"), &v); err != nil {
				return err
			}
			fmt.Println(sdk, v)
		}
		return nil
	}
	if expr == "trace" {
		return traceStartup(os.Stdout, b, srv.origin)
	}
	if expr == "start" {
		for _, sdk := range sdks {
			if err := profileStartup(os.Stdout, b, srv.origin, sdk, 30); err != nil {
				return err
			}
		}
		return nil
	}
	tabs, done, err := signedInTabs(b, srv.origin)
	if err != nil {
		return err
	}
	defer done()
	for _, sdk := range sdks {
		if err := profileCall(os.Stdout, tabs[sdk], expr, 30); err != nil {
			return err
		}
	}
	return nil
}

// measureSizes asks bench/prepare.mjs to bundle @authgear/web and to measure every file.
func measureSizes(root string) ([]*row, error) {
	dist, err := filepath.Abs(filepath.Join(root, "web/dist")) // prepare.mjs runs in bench/
	if err != nil {
		return nil, err
	}
	files := map[string][]string{
		"wasmgear":     {filepath.Join(dist, "wasmgear.wasm"), filepath.Join(dist, "authgear.js")},
		"authgear-web": {"dist/authgear-web.min.js"},
	}
	iife := "node_modules/@authgear/web/dist/authgear-web.iife.js"
	args := append(append([]string{"prepare.mjs", iife}, files["wasmgear"]...), files["authgear-web"]...)
	cmd := exec.Command("node", args...)
	cmd.Dir = filepath.Join(root, "bench")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node prepare.mjs: %w", err)
	}
	var sizes map[string]map[string]float64
	if err := json.Unmarshal(out, &sizes); err != nil {
		return nil, err
	}
	var rows []*row
	for _, kind := range []struct{ key, label string }{{"raw", "raw"}, {"gzip", "gzip -9"}, {"brotli", "brotli -q 11"}} {
		r := newRow("SDK bytes, "+kind.label+" (WASM + glue; @authgear/web minified)", "", 0)
		for sdk, fs := range files {
			total := 0.0
			for _, f := range fs {
				total += sizes[f][kind.key]
			}
			r.add(sdk, total)
		}
		r.note = "(its IIFE as published: " + group(fmt.Sprint(sizes[iife][kind.key])) + ")"
		rows = append(rows, r)
	}
	return rows, nil
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return goruntime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return goruntime.GOARCH
}
