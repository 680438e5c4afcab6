//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// parseConnectionProperties reads startAuthentication's connectionProperties: the
// upstream's own parameter names (Authress's connectionProperties). An unknown key is an
// error rather than silently dropped: a misspelt access_type would otherwise cost the
// user their refresh token without a word.
func parseConnectionProperties(v safejs.Value) (sdk.ConnectionProperties, error) {
	var p sdk.ConnectionProperties
	if v.Type() == safejs.TypeUndefined || v.Type() == safejs.TypeNull {
		return p, nil
	}
	if !isObject(v) {
		return p, sdk.InvalidOptions("startAuthentication: connectionProperties must be an object such as { access_type: \"offline\" }")
	}
	fields := []struct {
		name string
		dst  *string
	}{
		{"scope", &p.Scope}, {"access_type", &p.AccessType}, {"prompt", &p.Prompt}, {"login_hint", &p.LoginHint},
	}
	keys, err := ownKeys(v)
	if err != nil {
		return p, argError("startAuthentication", "connectionProperties", "an object", err)
	}
	known := map[string]bool{}
	for _, f := range fields {
		known[f.name] = true
	}
	for _, k := range keys {
		if !known[k] {
			return p, sdk.InvalidOptions("startAuthentication: connectionProperties." + k + " is not one of scope, access_type, prompt, login_hint")
		}
	}
	for _, f := range fields {
		if *f.dst, err = stringProp(v, f.name); err != nil {
			return p, argError("startAuthentication", "connectionProperties."+f.name, "a string", err)
		}
	}
	return p, nil
}

// ownKeys returns Reflect.ownKeys(obj) as strings; a symbol key is an error.
func ownKeys(obj safejs.Value) ([]string, error) {
	reflect, err := safejs.Global().Get("Reflect")
	if err != nil {
		return nil, err
	}
	arr, err := reflect.Call("ownKeys", obj)
	if err != nil {
		return nil, err
	}
	n, err := arr.Length()
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		k, err := arr.Index(i)
		if err != nil {
			return nil, err
		}
		if k.Type() != safejs.TypeString {
			return nil, errWrongType
		}
		s, _ := k.String()
		out = append(out, s)
	}
	return out, nil
}
