//go:build js && wasm

package jsbridge

import (
	"math"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// parseReauthenticateOptions reads startReauthentication's argument (@authgear/web's
// ReauthenticateOptions); maxAge is a whole number of seconds, 0 when absent.
func parseReauthenticateOptions(v safejs.Value) (sdk.ReauthenticateOptions, error) {
	var o sdk.ReauthenticateOptions
	if !isObject(v) {
		return o, sdk.InvalidOptions("startReauthentication: expected an options object such as { redirectURI }")
	}
	fields := []struct {
		name string
		dst  *string
	}{
		{"redirectURI", &o.RedirectURI}, {"state", &o.State}, {"xState", &o.XState},
		{"authenticationFlowGroup", &o.AuthenticationFlowGroup},
	}
	for _, f := range fields {
		var err error
		if *f.dst, err = stringProp(v, f.name); err != nil {
			return o, argError("startReauthentication", f.name, "a string", err)
		}
	}
	var err error
	if o.UILocales, err = stringOrStringsProp(v, "uiLocales"); err != nil {
		return o, argError("startReauthentication", "uiLocales", "an array of strings", err)
	}
	maxAge, err := getProp(v, "maxAge")
	if err != nil {
		return o, argError("startReauthentication", "maxAge", "a number of seconds", err)
	}
	switch maxAge.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
	case safejs.TypeNumber:
		n, _ := maxAge.Float()
		if n < 0 || n != math.Trunc(n) || n > math.MaxInt32 {
			return o, sdk.InvalidOptions("startReauthentication: maxAge must be a whole number of seconds, 0 or more")
		}
		o.MaxAge = int(n)
	default:
		return o, sdk.InvalidOptions("startReauthentication: maxAge must be a number of seconds")
	}
	return o, nil
}

// reauthenticateResultObject is finishReauthentication's { userInfo, state? }: state is
// absent, not null, when none was given, as @authgear/web declares it.
func reauthenticateResultObject(r *sdk.ReauthenticateResult) map[string]any {
	out := map[string]any{"userInfo": userInfoObject(r.UserInfo)}
	if r.State != "" {
		out["state"] = r.State
	}
	return out
}
