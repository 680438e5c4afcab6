//go:build js && wasm

package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// containerObject builds the JS object the glue wraps for one sdk.Container: the export
// table plus the synchronous snapshot getter. Its funcs live as long as the page: a
// container is never destroyed.
func containerObject(c *sdk.Container, transport *FetchTransport) (safejs.Value, error) {
	obj, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return safejs.Undefined(), err
	}
	resolved, err := resolvedPromise()
	if err != nil {
		return safejs.Undefined(), err
	}
	now := nowContext()
	for name, m := range methods(c, transport) {
		if err := exportMethod(obj, name, m, answersNow[name], now, resolved); err != nil {
			return safejs.Undefined(), err
		}
	}
	snapshot, err := syncFunc(func([]safejs.Value) any { return snapshotObject(c.Snapshot()) })
	if err != nil {
		return safejs.Undefined(), err
	}
	return obj, obj.Set("snapshot", snapshot)
}

// exportMethod installs a Promise-returning method whose argument parsing is also
// guarded: a panic there rejects like any other. A method in answersNow first tries to
// answer within the call (answerNow), and only when it has to wait gets a goroutine.
func exportMethod(obj safejs.Value, name string, m method, quick bool, now context.Context, resolved safejs.Value) error {
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
		if quick {
			if answer, ok := answerNow(now, work, resolved); ok {
				return answer
			}
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
