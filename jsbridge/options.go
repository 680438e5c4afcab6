//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// parseConfigureOptions reads configure()'s argument, rejecting wrong JS types with the
// field's name; the semantic checks (URL shape, enums) are the core's. fetch is the
// transport's function, undefined for globalThis.fetch; the caller applies it only once
// the core accepted the rest.
func parseConfigureOptions(v safejs.Value) (o sdk.Options, fetch safejs.Value, err error) {
	fetch = safejs.Undefined()
	if !isObject(v) {
		return o, fetch, sdk.InvalidOptions("configure: expected an options object such as { clientID, endpoint }")
	}
	o, err = parseConfigureFields(v)
	if err != nil {
		return o, fetch, err
	}
	if fetch, err = getProp(v, "fetch"); err != nil {
		return o, safejs.Undefined(), fieldError("fetch", "a function", err)
	}
	switch fetch.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
		return o, safejs.Undefined(), nil
	case safejs.TypeFunction:
		return o, fetch, nil
	default:
		return o, safejs.Undefined(), fieldError("fetch", "a function", errWrongType)
	}
}

// parseConfigureFields reads the options the core validates.
func parseConfigureFields(v safejs.Value) (o sdk.Options, err error) {
	if o.ClientID, err = stringProp(v, "clientID"); err != nil {
		return o, fieldError("clientID", "a string", err)
	}
	if o.Endpoint, err = stringProp(v, "endpoint"); err != nil {
		return o, fieldError("endpoint", "a string URL", err)
	}
	var s string
	if s, err = stringProp(v, "sessionType"); err != nil {
		return o, fieldError("sessionType", `"refresh_token" or "cookie"`, err)
	}
	o.SessionType = sdk.SessionType(s)
	if s, err = stringProp(v, "tokenStorage"); err != nil {
		return o, fieldError("tokenStorage", `"persistent" or "transient"`, err)
	}
	o.TokenStorage = sdk.TokenStorage(s)
	if o.IsSSOEnabled, err = boolProp(v, "isSSOEnabled"); err != nil {
		return o, fieldError("isSSOEnabled", "a boolean", err)
	}
	if o.APIOrigins, err = stringsProp(v, "apiOrigins"); err != nil {
		return o, fieldError("apiOrigins", "an array of origin strings", err)
	}
	if o.Timeout, err = durationMSProp(v, "timeout"); err != nil {
		return o, fieldError("timeout", "a positive number of milliseconds", err)
	}
	if o.Scopes, err = stringsProp(v, "scopes"); err != nil {
		return o, fieldError("scopes", "an array of scope strings", err)
	}
	dpop, err := getProp(v, "dpop")
	if err == nil && dpop.Type() != safejs.TypeUndefined && dpop.Type() != safejs.TypeNull && dpop.Type() != safejs.TypeBoolean {
		err = errWrongType
	}
	if err != nil {
		return o, fieldError("dpop", "a boolean", err)
	}
	if dpop.Type() == safejs.TypeBoolean {
		on, _ := dpop.Bool()
		o.DisableDPoP = !on // DPoP is on unless the app says false
	}
	return o, nil
}

// fieldError explains a bad configure field; a throwing getter also lands here.
func fieldError(field, want string, err error) error {
	return argError("configure", field, want, err)
}
