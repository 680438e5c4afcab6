package main

import (
	"context"
	"strconv"
)

// fetchCase is one way of calling fetch: which URL (the stub or the loopback API), how
// many calls and how many at a time.
type fetchCase struct {
	name     string
	url      string
	calls    int
	parallel int
}

var fetchCases = []fetchCase{
	{"`authgear.fetch` − `fetch`, stubbed network, sequential (µs/call)", "/stub/ping", 2000, 1},
	{"`authgear.fetch` − `fetch`, stubbed network, 50 in parallel (µs/call)", "/stub/ping", 2000, 50},
	{"`authgear.fetch` − `fetch`, loopback, sequential (µs/call)", "/api/ping", 200, 1},
	{"`authgear.fetch` − `fetch`, loopback, 50 in parallel (µs/call)", "/api/ping", 500, 50},
}

// callResults are the per-call rows and the native fetch baseline they subtract.
type callResults struct {
	refresh *row
	fetches []*row
	native  []*row // fetch alone, per case: printed under the table
}

// signedInTabs opens one tab per SDK, each in its own profile, with a stored session and
// a valid access token (one refresh done).
func signedInTabs(browser context.Context, base string) (map[string]*tab, func(), error) {
	tabs := map[string]*tab{}
	var cancels []context.CancelFunc
	done := func() {
		for _, c := range cancels {
			c()
		}
	}
	for _, sdk := range sdks {
		p, cancel, err := newProfile(browser)
		if err != nil {
			done()
			return nil, nil, err
		}
		cancels = append(cancels, cancel)
		t, err := openTab(p, base, sdk, "session")
		if err != nil {
			done()
			return nil, nil, err
		}
		cancels = append(cancels, t.cancel)
		if err := t.eval(`sdk.refreshAccessTokenIfNeeded().then(() => sdk.accessToken !== undefined)`, nil); err != nil {
			done()
			return nil, nil, err
		}
		tabs[sdk] = t
	}
	return tabs, done, nil
}

// measureCalls runs the per-call loops, rounds times, alternating SDKs within each round.
func measureCalls(tabs map[string]*tab, rounds, refreshCalls int) (*callResults, error) {
	res := &callResults{refresh: newRow("`refreshAccessTokenIfNeeded()`, valid token (µs/call, "+group(strconv.Itoa(refreshCalls))+" calls)", " µs", 2)}
	for _, c := range fetchCases {
		res.fetches = append(res.fetches, newRow(c.name, " µs", 1))
		res.native = append(res.native, newRow(c.name, " µs", 1))
	}
	for round := 0; round < rounds; round++ {
		for _, sdk := range order(round) {
			t := tabs[sdk]
			us, err := t.number(`bench.refresh(` + strconv.Itoa(refreshCalls) + `)`)
			if err != nil {
				return nil, err
			}
			res.refresh.add(sdk, us)
			for i, c := range fetchCases {
				args := strconv.Quote(c.url) + ", " + strconv.Itoa(c.calls) + ", " + strconv.Itoa(c.parallel)
				native, err := t.number(`bench.fetch(false, ` + args + `)`)
				if err != nil {
					return nil, err
				}
				withSDK, err := t.number(`bench.fetch(true, ` + args + `)`)
				if err != nil {
					return nil, err
				}
				res.fetches[i].add(sdk, withSDK-native)
				res.native[i].add(sdk, native)
			}
		}
	}
	return res, nil
}

// measureMemory reads the JS heap and the WebAssembly memory right after configure and
// after calls mixed calls (refreshAccessTokenIfNeeded and fetch over the stub, half each),
// in a fresh signed-in tab per SDK.
func measureMemory(browser context.Context, base string, calls int) ([]*row, error) {
	label := group(strconv.Itoa(calls))
	rows := []*row{
		newRow("JS heap after `configure()` (MiB)", " MiB", 2),
		newRow("JS heap after "+label+" calls (MiB)", " MiB", 2),
		newRow("WASM memory after `configure()` (MiB)", " MiB", 1),
		newRow("WASM memory after "+label+" calls (MiB)", " MiB", 1),
	}
	const mib = 1 << 20
	for _, sdk := range sdks {
		p, cancel, err := newProfile(browser)
		if err != nil {
			return nil, err
		}
		defer cancel()
		t, err := openTab(p, base, sdk, "session")
		if err != nil {
			return nil, err
		}
		defer t.cancel()
		heap, wasm, err := t.memory()
		if err != nil {
			return nil, err
		}
		rows[0].add(sdk, heap/mib)
		if wasm > 0 {
			rows[2].add(sdk, wasm/mib)
		}
		if err := t.eval(`bench.mixed(`+strconv.Itoa(calls)+`)`, nil); err != nil {
			return nil, err
		}
		if heap, wasm, err = t.memory(); err != nil {
			return nil, err
		}
		rows[1].add(sdk, heap/mib)
		if wasm > 0 {
			rows[3].add(sdk, wasm/mib)
		}
	}
	return rows, nil
}
