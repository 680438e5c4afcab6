//go:build js && wasm

package jsbridge

import (
	"time"

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
		{"authenticationFlowGroup", &o.AuthenticationFlowGroup},
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
	props, err := getProp(v, "connectionProperties")
	if err != nil {
		return o, argError("startAuthentication", "connectionProperties", "an object", err)
	}
	o.ConnectionProperties, err = parseConnectionProperties(props)
	return o, err
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

// parseConnectionArgs reads getConnectionCredentials(connectionID, { timeout }), the
// timeout in milliseconds as JS timers count. No connectionID (undefined or null) means
// the connection the user signed in through, "" (sdk's name for it), as Authress's
// getConnectionCredentials() takes none.
func parseConnectionArgs(args []safejs.Value) (string, time.Duration, error) {
	idVal := argOrUndefined(args)
	var id string
	switch idVal.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
	case safejs.TypeString:
		if id, _ = idVal.String(); id == "" {
			return "", 0, sdk.InvalidOptions("getConnectionCredentials: connectionID must not be empty; leave it out for the sign-in connection")
		}
	default:
		return "", 0, sdk.InvalidOptions("getConnectionCredentials: connectionID must be a string")
	}
	if len(args) < 2 || args[1].Type() == safejs.TypeUndefined || args[1].Type() == safejs.TypeNull {
		return id, 0, nil
	}
	if !isObject(args[1]) {
		return "", 0, sdk.InvalidOptions("getConnectionCredentials: expected options such as { timeout: 5000 }")
	}
	t, err := getProp(args[1], "timeout")
	if err != nil {
		return "", 0, argError("getConnectionCredentials", "timeout", "a number of milliseconds", err)
	}
	switch t.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
		return id, 0, nil
	case safejs.TypeNumber:
		ms, _ := t.Float()
		if ms > 0 {
			return id, time.Duration(ms * float64(time.Millisecond)), nil
		}
	}
	return "", 0, sdk.InvalidOptions("getConnectionCredentials: timeout must be a positive number of milliseconds")
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
