//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"
)

// WebCrypto is sdk.Crypto over the Web Crypto API. crypto.subtle exists only in secure
// contexts (https, or http on localhost), the same places an OAuth client may run.
type WebCrypto struct{}

// RandomBytes implements sdk.Crypto with crypto.getRandomValues (a CSPRNG).
func (WebCrypto) RandomBytes(n int) ([]byte, error) {
	crypto, err := safejs.Global().Get("crypto")
	if err != nil {
		return nil, err
	}
	u8, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return nil, err
	}
	arr, err := u8.New(n)
	if err != nil {
		return nil, err
	}
	if _, err := crypto.Call("getRandomValues", arr); err != nil {
		return nil, err
	}
	out := make([]byte, n)
	if _, err := safejs.CopyBytesToGo(out, arr); err != nil {
		return nil, err
	}
	return out, nil
}

// SHA256 implements sdk.Crypto with crypto.subtle.digest.
func (WebCrypto) SHA256(ctx context.Context, data []byte) ([]byte, error) {
	crypto, err := safejs.Global().Get("crypto")
	if err != nil {
		return nil, err
	}
	subtle, err := crypto.Get("subtle")
	if err != nil {
		return nil, err
	}
	if subtle.IsUndefined() {
		return nil, errors.New("wasmgear: crypto.subtle is unavailable: the page must be served over https (or http on localhost)")
	}
	u8, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return nil, err
	}
	arr, err := u8.New(len(data))
	if err != nil {
		return nil, err
	}
	if _, err := safejs.CopyBytesToJS(arr, data); err != nil {
		return nil, err
	}
	promise, err := subtle.Call("digest", "SHA-256", arr)
	if err != nil {
		return nil, err
	}
	digest, err := await(ctx, promise)
	if err != nil {
		return nil, err
	}
	return bytesFromBuffer(digest)
}
