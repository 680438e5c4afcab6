//go:build js && wasm

package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
)

// withSignal returns a context that ends when the AbortSignal does (an undefined signal
// never aborts), and a stop that detaches the listener. The refresh a fetch() waits for
// then stops waiting at once, instead of when the provider answers.
func withSignal(parent context.Context, signal safejs.Value) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	if signal.Type() != safejs.TypeObject {
		return ctx, cancel
	}
	if _, aborted := abortReason(signal); aborted {
		cancel()
		return ctx, cancel
	}
	onAbort, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		cancel()
		return nil
	})
	if err != nil {
		return ctx, cancel
	}
	if _, err := signal.Call("addEventListener", "abort", onAbort); err != nil {
		onAbort.Release()
		return ctx, cancel
	}
	return ctx, func() {
		cancel()
		_, _ = signal.Call("removeEventListener", "abort", onAbort)
		onAbort.Release()
	}
}

// abortReason is the signal's reason when it has aborted: what native fetch rejects with
// (an AbortError DOMException unless the app passed its own reason to abort()).
func abortReason(signal safejs.Value) (safejs.Value, bool) {
	if signal.Type() != safejs.TypeObject {
		return safejs.Undefined(), false
	}
	aborted, err := signal.Get("aborted")
	if err != nil {
		return safejs.Undefined(), false
	}
	if yes, _ := aborted.Bool(); !yes {
		return safejs.Undefined(), false
	}
	reason, err := signal.Get("reason")
	if err != nil {
		return safejs.Undefined(), false
	}
	return reason, true
}

// abortedError is the rejection of a fetch() whose signal aborted, wherever it was — in
// the refresh before the request or during the request itself: the signal's reason, as
// native fetch (and @authgear/web, which hands init to it) rejects.
func abortedError(signal safejs.Value, err error) error {
	if reason, aborted := abortReason(signal); aborted {
		return &nativeError{value: reason, msg: "AbortError: the signal aborted the request"}
	}
	return err
}
