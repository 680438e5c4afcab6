//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"
)

// newPromise runs work in its own goroutine and settles a JS Promise with its outcome.
// A JS callback must never block (STYLE.md habit 4), and a panic in work rejects the
// Promise instead of killing the Go program (ARCHITECTURE.md, "Errors").
func newPromise(work func() (any, error)) safejs.Value {
	ctor, err := safejs.Global().Get("Promise")
	if err != nil {
		return safejs.Undefined()
	}
	executor, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		if len(args) < 2 {
			return nil
		}
		resolve, reject := args[0], args[1]
		go settle(resolve, reject, work)
		return nil
	})
	if err != nil {
		return safejs.Undefined()
	}
	// The Promise constructor calls the executor synchronously, so it can go at once.
	defer executor.Release()
	p, err := ctor.New(executor)
	if err != nil {
		return safejs.Undefined()
	}
	return p
}

// settle calls work and resolves or rejects; it is the recovery point of every method.
func settle(resolve, reject safejs.Value, work func() (any, error)) {
	defer func() {
		if r := recover(); r != nil {
			_, _ = reject.Invoke(errorObject(panicError(r)))
		}
	}()
	result, err := work()
	if err != nil {
		_, _ = reject.Invoke(rejection(err))
		return
	}
	value, err := toJS(result)
	if err != nil {
		_, _ = reject.Invoke(errorObject(err))
		return
	}
	_, _ = resolve.Invoke(value)
}

// toJS converts a Go result (nil, scalars, maps and slices of them, or a safejs.Value).
func toJS(v any) (safejs.Value, error) {
	switch v := v.(type) {
	case nil:
		return safejs.Undefined(), nil
	case safejs.Value:
		return v, nil
	default:
		return safejs.ValueOf(v)
	}
}

// await blocks the calling goroutine (never a JS callback) until p settles. The context
// lets a caller stop waiting; the JS work itself is not cancelled by that. The callbacks
// release themselves when the promise settles, even after the caller stopped waiting, so
// a late settlement never calls a released function.
func await(ctx context.Context, p safejs.Value) (safejs.Value, error) {
	type outcome struct {
		value safejs.Value
		err   error
	}
	done := make(chan outcome, 1)
	var onResolve, onReject safejs.Func
	release := func() {
		onResolve.Release()
		onReject.Release()
	}
	var err error
	onResolve, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		done <- outcome{value: argOrUndefined(args)}
		release()
		return nil
	})
	if err != nil {
		return safejs.Undefined(), err
	}
	onReject, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		done <- outcome{err: jsError(argOrUndefined(args))}
		release()
		return nil
	})
	if err != nil {
		onResolve.Release()
		return safejs.Undefined(), err
	}
	if _, err := p.Call("then", onResolve, onReject); err != nil {
		release()
		return safejs.Undefined(), err
	}
	select {
	case o := <-done:
		return o.value, o.err
	case <-ctx.Done():
		return safejs.Undefined(), ctx.Err()
	}
}

func argOrUndefined(args []safejs.Value) safejs.Value {
	if len(args) == 0 {
		return safejs.Undefined()
	}
	return args[0]
}

// JSError is a JavaScript exception or rejection reason as a Go error. Name is the JS
// error's name ("TypeError", "AbortError", "SecurityError", ...), so callers can branch
// on it without parsing messages.
type JSError struct {
	Name    string
	Message string
	value   safejs.Value // what was thrown, for passThrough
}

// Error reads like the JS console: "TypeError: Failed to fetch".
func (e *JSError) Error() string { return e.Name + ": " + e.Message }

// jsError reads name and message from a thrown JS value.
func jsError(v safejs.Value) error {
	e := &JSError{Name: "Error", value: v}
	if v.Type() != safejs.TypeObject {
		e.Message, _ = v.String()
		return e
	}
	if name, err := stringProp(v, "name"); err == nil && name != "" {
		e.Name = name
	}
	e.Message, _ = stringProp(v, "message")
	return e
}

// isJSErrorNamed reports whether err is a JS error with the given name.
func isJSErrorNamed(err error, name string) bool {
	je, ok := errors.AsType[*JSError](err)
	return ok && je.Name == name
}
