//go:build js && wasm

// Command wasm is the WebAssembly module of wasmgear: it wires the browser adapters of
// jsbridge into the sdk core and hands the exports to the JS loader. It holds no logic.
package main

import (
	"github.com/wasmgear/wasmgear/jsbridge"
	"github.com/wasmgear/wasmgear/sdk"
)

func main() {
	if err := run(); err != nil {
		jsbridge.Warn("wasmgear: " + err.Error())
		return
	}
	select {} // the exports live as long as the page
}

func run() error {
	storage := jsbridge.NewPageStorage()
	exports, err := jsbridge.NewExports(func(name string, transport sdk.Transport, listener sdk.Listener) *sdk.Container {
		opts := append(jsbridge.CrossTabOptions(name),
			sdk.WithStorage(storage),
			sdk.WithTransport(transport),
			sdk.WithCrypto(jsbridge.WebCrypto{}),
			sdk.WithNavigator(jsbridge.PageNavigator{}),
			sdk.WithURLParser(jsbridge.URLParser{}),
			sdk.WithListener(listener),
		)
		return sdk.NewContainer(name, opts...)
	})
	if err != nil {
		return err
	}
	return jsbridge.Announce(exports)
}
