//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// parseSettingsActionArgs reads the glue's (action, options, originalLoginID?) for every
// start<Action> member: options is @authgear/web's SettingsActionOptions, plus the
// oauthProviderAlias of LinkOAuthOptions and UnlinkOAuthOptions.
func parseSettingsActionArgs(args []safejs.Value) (string, sdk.SettingsActionOptions, error) {
	var o sdk.SettingsActionOptions
	action, err := stringArg(args, 0)
	if err != nil {
		return "", o, err
	}
	if o, err = parseSettingsActionOptions(action, argAt(args, 1)); err != nil {
		return "", o, err
	}
	if o.OAuthProviderAlias, err = parseProviderAlias(action, argAt(args, 1)); err != nil {
		return "", o, err
	}
	original := argAt(args, 2)
	switch original.Type() {
	case safejs.TypeUndefined:
	case safejs.TypeString:
		o.OriginalLoginID, _ = original.String()
	default:
		return "", o, sdk.InvalidOptions(action + ": the original login ID must be a string")
	}
	return action, o, nil
}

// parseSettingsActionOptions reads SettingsActionOptions' own keys.
func parseSettingsActionOptions(action string, v safejs.Value) (sdk.SettingsActionOptions, error) {
	var o sdk.SettingsActionOptions
	if !isObject(v) {
		return o, sdk.InvalidOptions(action + ": expected an options object such as { redirectURI }")
	}
	fields := []struct {
		name string
		dst  *string
	}{
		{"redirectURI", &o.RedirectURI}, {"state", &o.State}, {"xState", &o.XState},
	}
	for _, f := range fields {
		var err error
		if *f.dst, err = stringProp(v, f.name); err != nil {
			return o, argError(action, f.name, "a string", err)
		}
	}
	var err error
	if o.UILocales, err = stringOrStringsProp(v, "uiLocales"); err != nil {
		return o, argError(action, "uiLocales", "an array of strings", err)
	}
	return o, nil
}

// parseProviderAlias reads the key LinkOAuthOptions and UnlinkOAuthOptions add.
func parseProviderAlias(action string, v safejs.Value) (string, error) {
	alias, err := stringProp(v, "oauthProviderAlias")
	if err != nil {
		return "", argError(action, "oauthProviderAlias", "a string", err)
	}
	return alias, nil
}

// stringArg is the i-th argument, which the glue always passes as a string.
func stringArg(args []safejs.Value, i int) (string, error) {
	v := argAt(args, i)
	if v.Type() != safejs.TypeString {
		return "", sdk.InvalidOptions("expected a settings action name")
	}
	s, _ := v.String()
	return s, nil
}

// argAt is the i-th argument, undefined when absent.
func argAt(args []safejs.Value, i int) safejs.Value {
	if i < len(args) {
		return args[i]
	}
	return safejs.Undefined()
}
