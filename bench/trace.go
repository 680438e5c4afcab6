package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// traceEvent is one Chrome trace event (the Trace Event Format's fields the bench reads).
type traceEvent struct {
	Name string  `json:"name"`
	Ph   string  `json:"ph"`
	Ts   float64 `json:"ts"`  // µs
	Dur  float64 `json:"dur"` // µs, complete events ("X") only
}

// traceStartup loads wasmgear's page cold (a new browser context) and warm (a fresh tab
// of a context that loaded it before) under Chrome's tracing, and prints each start-up
// step between two of its User Timing marks: the wall time, and how much of it V8 spent
// compiling functions the first time they were called (wasm.CompileLazy: V8 compiles a
// module's functions lazily, each on its first call, on the main thread). Before the
// module is compiled it prints the validation instead (wasm.ValidateFunctionsStreaming,
// on V8's worker threads).
func traceStartup(w io.Writer, browser context.Context, base string) error {
	for _, warm := range []bool{false, true} {
		p, cancel, err := newProfile(browser)
		if err != nil {
			return err
		}
		kind := "cold"
		if warm {
			kind = "warm"
			if _, _, err := sinceScriptStart(p, base, "wasmgear", "start"); err != nil {
				cancel()
				return err
			}
		}
		events, err := traceLoad(p, base+"/wasmgear.html?start")
		cancel()
		if err != nil {
			return err
		}
		printTrace(w, kind, events)
	}
	return nil
}

func traceLoad(profile context.Context, url string) ([]traceEvent, error) {
	ctx, cancel := chromedp.NewContext(profile)
	defer cancel()
	if err := chromedp.Run(ctx); err != nil {
		return nil, err
	}
	var events []traceEvent
	done := make(chan struct{})
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			for _, raw := range ev.Value {
				var e traceEvent
				if json.Unmarshal(raw, &e) == nil {
					events = append(events, e)
				}
			}
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	t := &tab{ctx: ctx, sdk: "wasmgear"}
	categories := []string{"blink.user_timing", "v8.wasm"}
	err := chromedp.Run(ctx,
		tracing.Start().WithTransferMode(tracing.TransferModeReportEvents).WithTraceConfig(&tracing.TraceConfig{IncludedCategories: categories}),
		chromedp.Navigate(url),
		chromedp.ActionFunc(func(context.Context) error { return t.waitFor(`window.configuredAt !== undefined`, 30*time.Second) }),
		chromedp.ActionFunc(func(ctx context.Context) error { return tracing.End().Do(ctx) }))
	if err != nil {
		return nil, err
	}
	select {
	case <-done:
		return events, nil
	case <-time.After(30 * time.Second):
		return nil, fmt.Errorf("the trace did not complete")
	}
}

func printTrace(w io.Writer, kind string, events []traceEvent) {
	type mark struct {
		name string
		at   float64
	}
	var marks []mark
	seen := map[string]bool{}
	for _, e := range events {
		if name, ok := strings.CutPrefix(e.Name, "wasmgear:"); ok && e.Ph != "X" && !seen[name] {
			seen[name] = true
			marks = append(marks, mark{name, e.Ts})
		}
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i].at < marks[j].at })
	fmt.Fprintf(w, "wasmgear's start-up, %s, under Chrome's tracing (which slows it):\n", kind)
	for i := 1; i < len(marks); i++ {
		from, to := marks[i-1], marks[i]
		var lazy, lazyMS, validateMS float64
		for _, e := range events {
			if e.Ph != "X" || e.Ts < from.at || e.Ts >= to.at {
				continue
			}
			switch e.Name {
			case "wasm.CompileLazy":
				lazy++
				lazyMS += e.Dur / 1000
			case "wasm.ValidateFunctionsStreaming":
				validateMS += e.Dur / 1000
			}
		}
		line := fmt.Sprintf("  %-12s → %-12s %6.1f ms", from.name, to.name, (to.at-from.at)/1000)
		if lazy > 0 {
			line += fmt.Sprintf(", of which %5.1f ms compiling %4.0f functions on first call", lazyMS, lazy)
		}
		if validateMS > 0 {
			line += fmt.Sprintf(", %5.1f ms validating the module (worker threads)", validateMS)
		}
		fmt.Fprintln(w, line)
	}
}
