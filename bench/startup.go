package main

import (
	"context"
)

// order alternates which SDK goes first from round to round, so neither always runs on
// the machine the other has just warmed (or loaded).
func order(round int) []string {
	if round%2 == 0 {
		return sdks
	}
	return []string{sdks[1], sdks[0]}
}

// startMarks are wasmgear's User Timing marks on the way to configure(), in the order they
// happen (web/src/loader.js, wasm/main.go, jsbridge/methods.go), and the bench's names
// for them: the breakdown of wasmgear's start-up rows.
var startMarks = []struct{ mark, label string }{
	{"fetch", "module requested"},
	{"response", "module response headers"},
	{"compiled", "module compiled"},
	{"instantiated", "module instantiated"},
	{"main", "Go's main() running"},
	{"exports", "exports handed to the glue"},
	{"configure", "configure() reached Go"},
}

// sinceScriptStart loads the SDK's page in a fresh tab of profile and returns the time
// from the SDK script's request to configure() resolved, and to each of wasmgear's
// start-up marks (none for @authgear/web), in ms (Resource Timing, so the bench's own DevTools
// traffic is not in it).
func sinceScriptStart(profile context.Context, base, sdk, query string) (configured float64, marks map[string]float64, err error) {
	t, err := openTab(profile, base, sdk, query)
	if err != nil {
		return 0, nil, err
	}
	defer t.cancel()
	var times map[string]float64
	err = t.eval(`(() => {
  const start = bench.scriptStart(), out = { configured: window.configuredAt - start };
  for (const m of performance.getEntriesByType("mark")) if (m.name.startsWith("wasmgear:")) out[m.name.slice(9)] = m.startTime - start;
  return out;
})()`, &times)
	if err != nil {
		return 0, nil, err
	}
	return times["configured"], times, nil
}

// measureStartup measures cold starts (a new browser context each time: empty HTTP cache,
// nothing compiled) and warm starts (a fresh tab of a context that has loaded the page
// before, its earlier tab closed: a repeat visit), rounds times each, alternating SDKs.
// Beside each, for wasmgear, when each start-up mark was reached.
func measureStartup(browser context.Context, base string, rounds int, query string) (rows []*row, err error) {
	kinds := []struct{ name, label string }{{"cold", "cold"}, {"warm", "warm: HTTP cache"}}
	total := map[string]*row{}
	steps := map[string][]*row{}
	for _, k := range kinds {
		total[k.name] = newRow("script start → `configure()` resolved, "+k.label+" (ms)", " ms", 1)
		rows = append(rows, total[k.name])
		for _, m := range startMarks {
			r := newRow("… "+m.label+", "+k.name+" (ms)", " ms", 1)
			steps[k.name] = append(steps[k.name], r)
			rows = append(rows, r)
		}
	}
	record := func(kind, sdk string, ms float64, marks map[string]float64) {
		total[kind].add(sdk, ms)
		for i, m := range startMarks {
			if v, ok := marks[m.mark]; ok {
				steps[kind][i].add(sdk, v)
			}
		}
	}
	profiles := map[string]context.Context{}
	for _, sdk := range sdks {
		p, cancel, err := newProfile(browser)
		if err != nil {
			return nil, err
		}
		defer cancel()
		if _, _, err := sinceScriptStart(p, base, sdk, query); err != nil { // fills the cache
			return nil, err
		}
		profiles[sdk] = p
	}
	for round := 0; round < rounds; round++ {
		for _, sdk := range order(round) {
			p, cancel, err := newProfile(browser)
			if err != nil {
				return nil, err
			}
			ms, marks, err := sinceScriptStart(p, base, sdk, query)
			cancel()
			if err != nil {
				return nil, err
			}
			record("cold", sdk, ms, marks)
			if ms, marks, err = sinceScriptStart(profiles[sdk], base, sdk, query); err != nil {
				return nil, err
			}
			record("warm", sdk, ms, marks)
		}
	}
	return rows, nil
}
