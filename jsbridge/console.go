//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// Warn writes to console.warn. It never receives a token: callers pass fixed messages
// and error texts only.
func Warn(msg string) {
	console, err := safejs.Global().Get("console")
	if err != nil {
		return
	}
	_, _ = console.Call("warn", msg)
}
