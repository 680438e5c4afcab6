//go:build js && wasm

package jsbridge

import (
	"errors"
	"syscall"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// ContainerFactory builds the core of one named container; wasm/ supplies it, wiring the
// browser adapters of this package into sdk. The transport is the container's own, so
// configure's `fetch` option affects only that container.
type ContainerFactory func(name string, transport sdk.Transport, listener sdk.Listener) (*sdk.Container, error)

// NewExports returns the single object the JS glue receives: `newContainer(name,
// onChange)` returns `{ container }`, or `{ error }` (the plain error object of a
// rejection) when the container cannot be built; onChange(state, reason) hears every change.
func NewExports(factory ContainerFactory) (safejs.Value, error) {
	exports, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return safejs.Undefined(), err
	}
	newContainer, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = map[string]any{"error": errorObject(panicError(r))}
			}
		}()
		obj, err := buildContainer(factory, args)
		if err != nil {
			return map[string]any{"error": errorObject(err)}
		}
		return map[string]any{"container": obj}
	})
	if err != nil {
		return safejs.Undefined(), err
	}
	return exports, exports.Set("newContainer", newContainer)
}

// buildContainer makes one container's core and its JS object.
func buildContainer(factory ContainerFactory, args []safejs.Value) (safejs.Value, error) {
	name, _ := argOrUndefined(args).String()
	var onChange safejs.Value
	if len(args) > 1 {
		onChange = args[1]
	}
	transport := &FetchTransport{}
	var c *sdk.Container
	c, err := factory(name, transport, func(state sdk.SessionState, reason sdk.Reason) {
		if state != sdk.SessionStateAuthenticated && c != nil {
			forgetAuthorization(c)
		}
		if onChange.Type() == safejs.TypeFunction {
			_, _ = onChange.Invoke(string(state), string(reason))
		}
	})
	if err != nil {
		return safejs.Undefined(), errors.Join(sdk.ErrInternal, err)
	}
	return containerObject(c, transport)
}

// Announce hands exports to the loader. The loader passes the name of a one-time global
// callback in the program's environment (WASMGEAR_LOADER), so no other global is needed; the
// loader deletes it once called. The environment, not os.Args: package os (with io/fs and
// internal/poll) cost the module 15,944 bytes brotli, and syscall, which time links anyway,
// reads the environment.
func Announce(exports safejs.Value) error {
	name, ok := syscall.Getenv("WASMGEAR_LOADER")
	if !ok || name == "" {
		return errors.New("wasmgear: started without a loader callback")
	}
	callback, err := safejs.Global().Get(name)
	if err != nil {
		return err
	}
	if callback.Type() != safejs.TypeFunction {
		return errors.New("wasmgear: loader callback is missing")
	}
	_, err = callback.Invoke(exports)
	return err
}
