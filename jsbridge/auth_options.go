//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// parseAuthenticateOptions reads startAuthentication's / makeAuthorizeURL's argument.
// prompt and uiLocales accept a string or an array of strings, as Authgear's do.
func parseAuthenticateOptions(v safejs.Value) (sdk.AuthenticateOptions, error) {
	var o sdk.AuthenticateOptions
	if !isObject(v) {
		return o, sdk.InvalidOptions("startAuthentication: expected an options object such as { redirectURI }")
	}
	fields := []struct {
		name string
		dst  *string
	}{
		{"redirectURI", &o.RedirectURI}, {"state", &o.State}, {"xState", &o.XState},
		{"page", &o.Page}, {"oauthProviderAlias", &o.OAuthProviderAlias},
	}
	for _, f := range fields {
		var err error
		if *f.dst, err = stringProp(v, f.name); err != nil {
			return o, argError("startAuthentication", f.name, "a string", err)
		}
	}
	var err error
	if o.Prompt, err = stringOrStringsProp(v, "prompt"); err != nil {
		return o, argError("startAuthentication", "prompt", "a string or an array of strings", err)
	}
	if o.UILocales, err = stringOrStringsProp(v, "uiLocales"); err != nil {
		return o, argError("startAuthentication", "uiLocales", "a string or an array of strings", err)
	}
	return o, nil
}

// parseLogoutOptions reads logout's optional argument.
func parseLogoutOptions(v safejs.Value) (sdk.LogoutOptions, error) {
	var o sdk.LogoutOptions
	switch v.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
		return o, nil
	case safejs.TypeObject:
	default:
		return o, sdk.InvalidOptions("logout: expected an options object such as { redirectURI, force }")
	}
	var err error
	if o.RedirectURI, err = stringProp(v, "redirectURI"); err != nil {
		return o, argError("logout", "redirectURI", "a string", err)
	}
	if o.Force, err = boolProp(v, "force"); err != nil {
		return o, argError("logout", "force", "a boolean", err)
	}
	return o, nil
}

// stringOrStringsProp reads a field that may be one string or an array of them.
func stringOrStringsProp(obj safejs.Value, name string) ([]string, error) {
	if s, err := stringProp(obj, name); err == nil {
		if s == "" {
			return nil, nil
		}
		return []string{s}, nil
	}
	return stringsProp(obj, name)
}

// argError explains a bad field of a method's options.
func argError(method, field, want string, err error) error {
	if err == errWrongType {
		return sdk.InvalidOptions(method + ": " + field + " must be " + want)
	}
	return sdk.InvalidOptions(method + ": reading " + field + " failed: " + err.Error())
}
