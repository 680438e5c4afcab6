//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// connectionPropertyKeys are the keys startAuthentication's connectionProperties may
// have: the upstream's own parameter names (Authress's connectionProperties).
var connectionPropertyKeys = []string{"scope", "access_type", "prompt", "login_hint"}

// parseConnectionProperties reads options.connectionProperties. An unknown key is an
// error rather than silently dropped: a misspelt access_type would otherwise cost the
// user their refresh token without a word.
func parseConnectionProperties(options safejs.Value) (sdk.ConnectionProperties, error) {
	var p sdk.ConnectionProperties
	v, err := getProp(options, "connectionProperties")
	if err != nil || v.Type() == safejs.TypeUndefined || v.Type() == safejs.TypeNull {
		return p, err
	}
	if !isObject(v) {
		return p, sdk.InvalidOptions("startAuthentication: connectionProperties must be an object such as { access_type: \"offline\" }")
	}
	keys, err := ownKeys(v)
	if err != nil {
		return p, argError("startAuthentication", "connectionProperties", "an object", err)
	}
	dst := map[string]*string{"scope": &p.Scope, "access_type": &p.AccessType, "prompt": &p.Prompt, "login_hint": &p.LoginHint}
	for _, k := range keys {
		if dst[k] == nil {
			return p, sdk.InvalidOptions("startAuthentication: connectionProperties." + k + " is not one of scope, access_type, prompt, login_hint")
		}
	}
	for _, k := range connectionPropertyKeys {
		if *dst[k], err = stringProp(v, k); err != nil {
			return p, argError("startAuthentication", "connectionProperties."+k, "a string", err)
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
