package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// profileCall runs expr in t under the V8 CPU profiler and prints the functions with the
// most self time: where one SDK's per-call time goes. Build the module without -s -w
// (`make bench-profile` does) so the WebAssembly functions keep their Go names.
func profileCall(w io.Writer, t *tab, expr string, top int) error {
	return profileRun(w, t.ctx, expr+" ("+t.sdk+")", top, chromedp.ActionFunc(func(ctx context.Context) error { return t.eval(expr, nil) }))
}

// profileStartup profiles one cold load of sdk's page, navigation to configure().
func profileStartup(w io.Writer, browser context.Context, base, sdk string, top int) error {
	p, cancel, err := newProfile(browser)
	if err != nil {
		return err
	}
	defer cancel()
	ctx, cancelTab := chromedp.NewContext(p)
	defer cancelTab()
	if err := chromedp.Run(ctx); err != nil {
		return err
	}
	t := &tab{ctx: ctx, sdk: sdk}
	return profileRun(w, ctx, "a cold start ("+sdk+")", top,
		chromedp.Navigate(base+"/"+sdk+".html?start"),
		chromedp.ActionFunc(func(context.Context) error { return t.waitFor(`window.configuredAt !== undefined`, 30*time.Second) }))
}

func profileRun(w io.Writer, ctx context.Context, what string, top int, actions ...chromedp.Action) error {
	var prof *profiler.Profile
	err := chromedp.Run(ctx, append(append([]chromedp.Action{
		profiler.Enable(),
		profiler.SetSamplingInterval(100),
		profiler.Start(),
	}, actions...), chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		prof, err = profiler.Stop().Do(ctx)
		return err
	}))...)
	if err != nil {
		return err
	}
	self := map[string]float64{}
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range prof.Nodes {
		byID[n.ID] = n
	}
	parent := map[int64]int64{}
	for _, n := range prof.Nodes {
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	inclusive := map[string]float64{}
	total := 0.0
	for i, id := range prof.Samples {
		dt := 100.0
		if i < len(prof.TimeDeltas) {
			dt = float64(prof.TimeDeltas[i])
		}
		if n := byID[id]; n != nil {
			name := n.CallFrame.FunctionName
			if name == "" {
				name = "(anonymous " + shortURL(n.CallFrame.URL) + ")"
			}
			self[name] += dt
			total += dt
			seen := map[string]bool{}
			for up, ok := id, true; ok; up, ok = parent[up] {
				if f := byID[up].CallFrame.FunctionName; f != "" && !seen[f] {
					seen[f] = true
					inclusive[f] += dt
				}
			}
		}
	}
	names := make([]string, 0, len(self))
	for name := range self {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return self[names[i]] > self[names[j]] })
	fmt.Fprintf(w, "profile of %s: %.1f ms sampled\n", what, total/1000)
	for i, name := range names {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %5.1f%%  %s\n", 100*self[name]/total, name)
	}
	names = names[:0]
	for name := range inclusive {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return inclusive[names[i]] > inclusive[names[j]] })
	fmt.Fprintln(w, "  with what they call:")
	for i, name := range names {
		if i == top {
			break
		}
		fmt.Fprintf(w, "  %5.1f%%  %s\n", 100*inclusive[name]/total, name)
	}
	return nil
}

func shortURL(u string) string {
	if i := strings.LastIndex(u, "/"); i >= 0 {
		return u[i+1:]
	}
	return u
}
