//go:build js && wasm

package jsbridge

import (
	"errors"

	"github.com/wasmgear/wasmgear/sdk"
)

// errorObject is the plain object the JS glue turns into an AuthgearError subclass. Go
// cannot subclass Error itself, and keeping the classes in JS keeps `instanceof` working
// for bundlers that load the glue twice.
func errorObject(err error) map[string]any {
	obj := map[string]any{
		"name":    string(sdk.KindOf(err)),
		"message": err.Error(),
	}
	var oauthErr *sdk.OAuthError
	if errors.As(err, &oauthErr) {
		obj["error"] = oauthErr.Code
		obj["error_description"] = oauthErr.Description
		obj["error_uri"] = oauthErr.URI
		obj["state"] = oauthErr.State
	}
	var serverErr *sdk.ServerError
	if errors.As(err, &serverErr) {
		obj["status"] = serverErr.Status
		obj["body"] = serverErr.Body
	}
	return obj
}

// panicError turns a recovered panic value into an error without fmt.
func panicError(r any) error {
	switch r := r.(type) {
	case error:
		return errors.Join(sdk.ErrInternal, r)
	case string:
		return errors.Join(sdk.ErrInternal, errors.New(r))
	default:
		return sdk.ErrInternal
	}
}
