//go:build js && wasm

package jsbridge

import "github.com/wasmgear/wasmgear/sdk"

// sharedLedger is one IndexedDB connection for every container of the page.
var sharedLedger = &IDBLedger{}

// CrossTabOptions gives a container what this browser offers for coordinating tabs:
// Web Locks, the IndexedDB ledger, a BroadcastChannel per container name, and
// navigator.onLine. Missing pieces are left out and the core degrades as documented.
func CrossTabOptions(name string) []sdk.Option {
	opts := []sdk.Option{sdk.WithLedger(sharedLedger), sdk.WithConnectivity(Online{})}
	if locks, ok := NewWebLocks(); ok {
		opts = append(opts, sdk.WithLocker(locks))
	}
	if ch, ok := NewChannel("authgear_" + name + "_session"); ok {
		opts = append(opts, sdk.WithBroadcaster(ch))
	}
	return opts
}
