//go:build js && wasm

package jsbridge

import "github.com/wasmgear/wasmgear/sdk"

// CrossTabOptions gives a container what this browser offers for coordinating tabs:
// Web Locks, the IndexedDB ledger (one per page, made by the caller and shared by its
// containers), a BroadcastChannel per container name, and navigator.onLine. Missing
// pieces are left out and the core degrades as documented.
func CrossTabOptions(name string, ledger *IDBLedger) []sdk.Option {
	opts := []sdk.Option{sdk.WithLedger(ledger), sdk.WithConnectivity(Online{})}
	if locks, ok := NewWebLocks(); ok {
		opts = append(opts, sdk.WithLocker(locks))
	}
	if ch, ok := NewChannel("authgear_" + name + "_session"); ok {
		opts = append(opts, sdk.WithBroadcaster(ch))
	}
	return opts
}
