//go:build js && wasm

// Command wasm is the WebAssembly module of wasmgear: it wires the browser adapters of
// jsbridge into the sdk core and hands the exports to the JS loader. It holds no logic.
package main

import (
	"github.com/wasmgear/wasmgear/jsbridge"
	"github.com/wasmgear/wasmgear/sdk"
)

func main() {
	jsbridge.Mark("main")
	if err := run(); err != nil {
		jsbridge.Warn("wasmgear: " + err.Error())
		return
	}
	select {} // the exports live as long as the page
}

func run() error {
	storage, ledger := jsbridge.NewPageStorage(), jsbridge.NewIDBLedger()
	keys := jsbridge.NewDPoPKeys(ledger)
	exports, err := jsbridge.NewExports(func(name string, transport sdk.Transport, listener sdk.Listener) (*sdk.Container, error) {
		browser := sdk.Browser{Transport: transport, URLs: jsbridge.URLParser{}, Crypto: jsbridge.WebCrypto{}, Verifier: jsbridge.WebVerifier{},
			Navigator: jsbridge.PageNavigator{}, Storage: storage}
		return sdk.NewContainer(name, browser, append(jsbridge.CrossTabOptions(name, ledger), sdk.WithListener(listener), sdk.WithWarner(jsbridge.Warn), sdk.WithDPoPKeys(keys))...)
	})
	if err != nil {
		return err
	}
	return jsbridge.Announce(exports)
}
