// Package e2e drives the real demo page in headless Chromium, like a user: it reaches
// the SDK only through the page. One browser serves the whole package; each test gets
// its own browser context (fresh cookies and localStorage) and its own servers.
package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/chrome"
)

// browserCtx is the one running browser; tests open tabs in it.
var browserCtx context.Context

// repoRoot holds index.html and web/dist.
var repoRoot = func() string {
	abs, err := filepath.Abs("..")
	if err != nil {
		panic(err)
	}
	return abs
}()

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := os.Stat(filepath.Join(repoRoot, "web", "dist", "wasmgear.wasm")); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: web/dist is not built: run `make build` (make test does)")
		return 1
	}
	alloc, stop, err := chrome.NewAllocator(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer stop()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Run(ctx); err != nil { // starts the browser
		fmt.Fprintln(os.Stderr, "e2e: starting Chromium:", err)
		return 1
	}
	browserCtx = ctx
	code := m.Run()
	if leaks := suiteSecrets.Findings(); len(leaks) > 0 {
		fmt.Fprintf(os.Stderr, "e2e: %d secrets leaked in responses, URLs or logs:\n", len(leaks))
		for _, l := range leaks {
			fmt.Fprintln(os.Stderr, "  "+l)
		}
		return 1
	}
	fmt.Fprintf(os.Stderr, "e2e: no secret in %d scanned responses, URLs and log lines\n", suiteSecrets.Scanned())
	return code
}
