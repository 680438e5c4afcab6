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

// sinceScriptStart loads the SDK's page in a fresh tab of profile and returns the time
// from the SDK script's request to configure() resolved, in ms (Resource Timing, so the
// bench's own DevTools traffic is not in it).
func sinceScriptStart(profile context.Context, base, sdk, query string) (configured, instantiated float64, err error) {
	t, err := openTab(profile, base, sdk, query)
	if err != nil {
		return 0, 0, err
	}
	defer t.cancel()
	var times []float64
	err = t.eval(`[window.configuredAt - bench.scriptStart(), (window.wasmInstantiatedAt || 0) - bench.scriptStart()]`, &times)
	if err != nil || len(times) != 2 {
		return 0, 0, err
	}
	return times[0], times[1], nil
}

// measureStartup measures cold starts (a new browser context each time: empty HTTP cache,
// nothing compiled) and warm starts (a fresh tab of a context that has loaded the page
// before, its earlier tab closed: a repeat visit), rounds times each, alternating SDKs.
// Beside each, for wasmgear, when the module was compiled and instantiated: the rest is
// Go's start-up and configure().
func measureStartup(browser context.Context, base string, rounds int, query string) (rows []*row, err error) {
	cold := newRow("script start → `configure()` resolved, cold (ms)", " ms", 1)
	coldModule := newRow("… of which until the module is instantiated, cold (ms)", " ms", 1)
	warm := newRow("script start → `configure()` resolved, warm: HTTP cache (ms)", " ms", 1)
	warmModule := newRow("… of which until the module is instantiated, warm (ms)", " ms", 1)
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
			ms, module, err := sinceScriptStart(p, base, sdk, query)
			cancel()
			if err != nil {
				return nil, err
			}
			cold.add(sdk, ms)
			if module > 0 {
				coldModule.add(sdk, module)
			}
			if ms, module, err = sinceScriptStart(profiles[sdk], base, sdk, query); err != nil {
				return nil, err
			}
			warm.add(sdk, ms)
			if module > 0 {
				warmModule.add(sdk, module)
			}
		}
	}
	return []*row{cold, coldModule, warm, warmModule}, nil
}
