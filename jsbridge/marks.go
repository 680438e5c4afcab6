//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// Mark adds the User Timing mark "wasmgear:"+name (performance.mark), so the Performance
// panel and make bench see where the module's start-up goes. It costs one JS call.
func Mark(name string) {
	performance, err := safejs.Global().Get("performance")
	if err != nil || performance.Type() != safejs.TypeObject {
		return
	}
	_, _ = performance.Call("mark", "wasmgear:"+name)
}
