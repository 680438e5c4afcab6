//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// parsePromoteOptions reads startPromoteAnonymousUser's argument (@authgear/web's
// PromoteOptions); uiLocales takes a string or an array, as startAuthentication's does.
func parsePromoteOptions(v safejs.Value) (sdk.PromoteOptions, error) {
	var o sdk.PromoteOptions
	if !isObject(v) {
		return o, sdk.InvalidOptions("startPromoteAnonymousUser: expected an options object such as { redirectURI }")
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"redirectURI", &o.RedirectURI}, {"state", &o.State}, {"xState", &o.XState}} {
		var err error
		if *f.dst, err = stringProp(v, f.name); err != nil {
			return o, argError("startPromoteAnonymousUser", f.name, "a string", err)
		}
	}
	var err error
	if o.UILocales, err = stringOrStringsProp(v, "uiLocales"); err != nil {
		return o, argError("startPromoteAnonymousUser", "uiLocales", "a string or an array of strings", err)
	}
	return o, nil
}
