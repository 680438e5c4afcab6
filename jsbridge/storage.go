//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// LocalStorage is sdk.Storage over window.localStorage. Every access may throw (blocked
// site data, SecurityError in sandboxed frames, QuotaExceededError): the errors are
// returned, and sdk.FallbackStorage decides to degrade.
type LocalStorage struct{}

// SessionStorage is sdk.Storage over window.sessionStorage: per tab, but it survives the
// navigation to the provider and back, which is all a login's one-time values need.
type SessionStorage struct{}

// webStorage is the Web Storage API object named name (HTML §12.2). It is looked up on
// each call: merely reading the property throws when storage is blocked, and that must
// surface as an error at use, not at start-up.
type webStorage string

func (w webStorage) storage() (safejs.Value, error) {
	return getProp(safejs.Global(), string(w))
}

// Get implements sdk.Storage.
func (LocalStorage) Get(key string) (string, bool, error) { return webStorage("localStorage").Get(key) }

// Set implements sdk.Storage.
func (LocalStorage) Set(key, value string) error { return webStorage("localStorage").Set(key, value) }

// Delete implements sdk.Storage.
func (LocalStorage) Delete(key string) error { return webStorage("localStorage").Delete(key) }

// Get implements sdk.Storage.
func (SessionStorage) Get(key string) (string, bool, error) {
	return webStorage("sessionStorage").Get(key)
}

// Set implements sdk.Storage.
func (SessionStorage) Set(key, value string) error {
	return webStorage("sessionStorage").Set(key, value)
}

// Delete implements sdk.Storage.
func (SessionStorage) Delete(key string) error { return webStorage("sessionStorage").Delete(key) }

func (w webStorage) Get(key string) (string, bool, error) {
	s, err := w.storage()
	if err != nil {
		return "", false, err
	}
	v, err := s.Call("getItem", key)
	if err != nil {
		return "", false, err
	}
	if v.IsNull() || v.IsUndefined() {
		return "", false, nil
	}
	str, err := v.String()
	return str, err == nil, err
}

func (w webStorage) Set(key, value string) error {
	s, err := w.storage()
	if err != nil {
		return err
	}
	_, err = s.Call("setItem", key, value)
	return err
}

func (w webStorage) Delete(key string) error {
	s, err := w.storage()
	if err != nil {
		return err
	}
	_, err = s.Call("removeItem", key)
	return err
}

// NewPageStorage is localStorage that degrades, with a console warning at each step, to
// sessionStorage (the session lasts for this tab; a login still completes) and then to
// memory (the session lasts for this page; startAuthentication refuses to start, since
// the login could not complete).
func NewPageStorage() sdk.Storage {
	return sdk.NewFallbackStorage(func(err error, durable bool) {
		if durable {
			Warn("wasmgear: localStorage is unavailable (" + err.Error() + "); the session is kept in sessionStorage, for this tab only")
			return
		}
		Warn("wasmgear: web storage is unavailable (" + err.Error() + "); the session is kept in memory for this page only, and a login cannot complete (startAuthentication rejects with storage_unavailable)")
	}, LocalStorage{}, SessionStorage{})
}
