//go:build js && wasm

package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// containerObject builds the JS object the glue wraps for one sdk.Container: the export
// table, the synchronous snapshot getter, and what the quick calls need (quick_exports.go):
// the container's number (handle) and its slot. Its funcs live as long as the page: a
// container is never destroyed.
func containerObject(c *sdk.Container, transport *FetchTransport) (safejs.Value, error) {
	obj, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return safejs.Undefined(), err
	}
	for name, m := range methods(c, transport) {
		if err := exportMethod(obj, name, m); err != nil {
			return safejs.Undefined(), err
		}
	}
	snapshot, err := syncFunc(func([]safejs.Value) any { return snapshotObject(c.Snapshot()) })
	if err != nil {
		return safejs.Undefined(), err
	}
	slot, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return safejs.Undefined(), err
	}
	transport.slot = slot
	for key, v := range map[string]any{"snapshot": snapshot, "slot": slot, "handle": registerQuick(c, slot)} {
		if err := obj.Set(key, v); err != nil {
			return safejs.Undefined(), err
		}
	}
	return obj, nil
}

// exportMethod installs a Promise-returning method whose argument parsing is also
// guarded: a panic there rejects like any other. The work runs in a goroutine; a call
// that can be answered at once never gets here (quick_exports.go).
func exportMethod(obj safejs.Value, name string, m method) error {
	fn, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = newPromise(func() (any, error) { return nil, panicError(r) })
			}
		}()
		work, err := m(args)
		if err != nil {
			return newPromise(func() (any, error) { return nil, err })
		}
		return newPromise(func() (any, error) { return work(context.Background()) })
	})
	if err != nil {
		return err
	}
	return obj.Set(name, fn)
}

// syncFunc wraps a non-blocking getter; a panic yields undefined instead of crossing
// into JavaScript.
func syncFunc(get func(args []safejs.Value) any) (safejs.Func, error) {
	return safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = nil
			}
		}()
		v, err := toJS(get(args))
		if err != nil {
			return nil
		}
		return v
	})
}
