//go:build js && wasm

package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
)

// WebLocks is sdk.Locker over navigator.locks: the browser grants a named lock to one
// tab of the origin at a time and releases it if that tab dies, so a crashed tab never
// blocks the others.
type WebLocks struct {
	locks safejs.Value
}

// NewWebLocks returns the page's Web Locks, or ok=false where the browser has none.
func NewWebLocks() (*WebLocks, bool) {
	nav, err := getProp(safejs.Global(), "navigator")
	if err != nil || !isObject(nav) {
		return nil, false
	}
	locks, err := getProp(nav, "locks")
	if err != nil || !isObject(locks) {
		return nil, false
	}
	return &WebLocks{locks: locks}, true
}

// WithLock implements sdk.Locker. The lock is held while fn runs: the grant callback
// returns a Promise that settles when fn returns.
func (l *WebLocks) WithLock(ctx context.Context, name string, fn func(context.Context) error) error {
	result := make(chan error, 1)
	granted, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		return newPromise(func() (any, error) {
			result <- fn(ctx)
			return nil, nil
		})
	})
	if err != nil {
		return err
	}
	defer granted.Release()
	controller, err := newAbortController()
	if err != nil {
		return err
	}
	signal, err := controller.Get("signal")
	if err != nil {
		return err
	}
	stop := abortOnDone(ctx, controller)
	defer stop()
	request, err := l.locks.Call("request", name, map[string]any{"signal": signal}, granted)
	if err != nil {
		return err
	}
	if _, err := await(ctx, request); err != nil {
		return err
	}
	select {
	case err := <-result:
		return err
	default: // aborted before the grant: fn never ran
		return ctx.Err()
	}
}
