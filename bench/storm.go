package main

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// stormLifetime is the access-token lifetime during the storms (seconds): short, so each
// storm starts with an expired token after a short wait, and long enough that the token
// one storm's refresh brings stays valid until its last call, even on a loaded machine.
const stormLifetime = 6

// measureStorms counts the token requests that calls concurrent authgear.fetch calls
// with an expired access token cause, all in one tab and spread over four tabs of one
// profile, rounds times per SDK, alternating.
func measureStorms(browser context.Context, srv *server, base string, rounds, calls int) ([]*row, error) {
	srv.expiresIn.Store(stormLifetime)
	defer srv.expiresIn.Store(3600)
	label := strconv.Itoa(calls)
	layouts := []struct {
		row  *row
		tabs int
	}{
		{newRow("token requests, "+label+" concurrent calls, expired token, 1 tab", "", 0), 1},
		{newRow("token requests, "+label+" concurrent calls, expired token, 4 tabs", "", 0), 4},
	}
	var out []*row
	for _, l := range layouts {
		groups := map[string][]*tab{}
		for _, sdk := range sdks {
			p, cancel, err := newProfile(browser)
			if err != nil {
				return nil, err
			}
			defer cancel()
			for i := 0; i < l.tabs; i++ {
				t, err := openTab(p, base, sdk, "session")
				if err != nil {
					return nil, err
				}
				defer t.cancel()
				if err := t.eval(`sdk.refreshAccessTokenIfNeeded()`, nil); err != nil {
					return nil, err
				}
				groups[sdk] = append(groups[sdk], t)
			}
		}
		for round := 0; round < rounds; round++ {
			for _, sdk := range order(round) {
				n, err := storm(srv, groups[sdk], calls/l.tabs)
				if err != nil {
					return nil, fmt.Errorf("%s storm over %d tabs: %w", sdk, l.tabs, err)
				}
				l.row.add(sdk, float64(n))
			}
		}
		out = append(out, l.row)
	}
	return out, nil
}

// storm waits until every tab's token has expired, fires perTab fetches in each tab, all
// tabs at the same moment, waits for all of them and returns the token requests they caused.
func storm(srv *server, tabs []*tab, perTab int) (int, error) {
	for _, t := range tabs {
		if err := t.waitFor(`bench.expired()`, 20*time.Second); err != nil {
			return 0, err
		}
	}
	before := srv.tokenRequests(clientID(tabs[0].sdk))
	// Every tab fires at the same moment, a little after the last one is told when.
	at := strconv.FormatInt(time.Now().Add(time.Second).UnixMilli(), 10)
	for _, t := range tabs {
		if err := t.eval(`bench.storm(`+strconv.Itoa(perTab)+`, `+at+`)`, nil); err != nil {
			return 0, err
		}
	}
	for _, t := range tabs {
		var statuses []any
		if err := t.eval(`window.stormDone`, &statuses); err != nil {
			return 0, err
		}
		for _, s := range statuses {
			if s != float64(200) {
				return 0, fmt.Errorf("a call ended with %v", s)
			}
		}
	}
	return srv.tokenRequests(clientID(tabs[0].sdk)) - before, nil
}
