//go:build js && wasm

package jsbridge

import (
	"errors"

	"github.com/hack-pad/safejs"
)

// subtleCrypto is crypto.subtle, which exists only in secure contexts.
func subtleCrypto() (safejs.Value, error) {
	crypto, err := getProp(safejs.Global(), "crypto")
	if err != nil || !isObject(crypto) {
		return safejs.Undefined(), errors.New("wasmgear: WebCrypto is unavailable")
	}
	subtle, err := getProp(crypto, "subtle")
	if err != nil || !isObject(subtle) {
		return safejs.Undefined(), errors.New("wasmgear: crypto.subtle is unavailable: the page must be served over https (or http on localhost)")
	}
	return subtle, nil
}

// uint8Array copies b into a new Uint8Array.
func uint8Array(b []byte) (safejs.Value, error) {
	u8, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return safejs.Undefined(), err
	}
	arr, err := u8.New(len(b))
	if err != nil {
		return safejs.Undefined(), err
	}
	_, err = safejs.CopyBytesToJS(arr, b)
	return arr, err
}
