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

// storage looks localStorage up on each call: merely reading the property throws when
// storage is blocked, and that must surface as an error at use, not at start-up.
func (LocalStorage) storage() (safejs.Value, error) {
	return getProp(safejs.Global(), "localStorage")
}

// Get implements sdk.Storage.
func (l LocalStorage) Get(key string) (string, bool, error) {
	s, err := l.storage()
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

// Set implements sdk.Storage.
func (l LocalStorage) Set(key, value string) error {
	s, err := l.storage()
	if err != nil {
		return err
	}
	_, err = s.Call("setItem", key, value)
	return err
}

// Delete implements sdk.Storage.
func (l LocalStorage) Delete(key string) error {
	s, err := l.storage()
	if err != nil {
		return err
	}
	_, err = s.Call("removeItem", key)
	return err
}

// NewPageStorage is localStorage that degrades to memory, with one console warning, the
// first time the browser refuses it.
func NewPageStorage() sdk.Storage {
	return sdk.NewFallbackStorage(LocalStorage{}, func(err error) {
		Warn("wasmgear: localStorage is unavailable (" + err.Error() + "); the session is kept in memory for this page only")
	})
}
