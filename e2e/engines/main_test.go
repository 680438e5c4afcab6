// Package engines runs the core user journeys in every browser engine the suite knows —
// Chromium, Firefox and WebKit — through internal/browsertab's one Tab interface, so one
// journey definition proves the SDK in all three. A journey is judged from outside the
// page: the requests the provider counted, what the app's API received, what the SDK
// returned.
package engines

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/browsertab"
)

// repoRoot holds index.html and web/dist.
var repoRoot = func() string {
	abs, err := filepath.Abs("../..")
	if err != nil {
		panic(err)
	}
	return abs
}()

// running is one started engine and how long it took to start.
type running struct {
	browsertab.Engine
	startup time.Duration
}

// engines are the browsers of this run, in browsertab.Names order.
var engines []running

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// engineNames is $WASMGEAR_ENGINES (comma-separated) or every engine.
func engineNames() []string {
	if s := os.Getenv("WASMGEAR_ENGINES"); s != "" {
		return strings.Split(s, ",")
	}
	return browsertab.Names
}

func run(m *testing.M) int {
	if _, err := os.Stat(filepath.Join(repoRoot, "web", "dist", "wasmgear.wasm")); err != nil {
		fmt.Fprintln(os.Stderr, "e2e/engines: web/dist is not built: run `make build` (make test does)")
		return 1
	}
	names := engineNames()
	engines = make([]running, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			start := time.Now()
			e, err := browsertab.Start(context.Background(), name)
			engines[i], errs[i] = running{Engine: e, startup: time.Since(start)}, err
		})
	}
	wg.Wait()
	defer func() {
		for _, e := range engines {
			if e.Engine != nil {
				_ = e.Close()
			}
		}
	}()
	for i, err := range errs {
		if err != nil {
			fmt.Fprintf(os.Stderr, "e2e/engines: starting %s: %v\n", names[i], err)
			return 1
		}
	}
	return m.Run()
}

// forEachEngine runs body once per engine, the engines in parallel with each other.
func forEachEngine(t *testing.T, body func(t *testing.T, e browsertab.Engine)) {
	for _, e := range engines {
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			body(t, e.Engine)
		})
	}
}
