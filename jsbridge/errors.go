//go:build js && wasm

package jsbridge

import (
	"errors"
	"syscall/js"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// The stable codes of AuthgearError.code (web/types/errors.d.ts, ErrorCode), for
// programs to branch on; messages are for people. They are derived here, at the
// boundary, from the core's sentinels and types, first match wins: a discovery fetch
// that failed on the network is "discovery", and still a NetworkError.
var errorCodes = []struct {
	sentinel error
	code     string
}{
	{sdk.ErrInvalidOptions, "invalid_options"},
	{sdk.ErrNotConfigured, "not_configured"},
	{sdk.ErrNoSession, "no_session"},
	{sdk.ErrNoAuthentication, "no_authentication"},
	{sdk.ErrStorageUnavailable, "storage_unavailable"},
	{sdk.ErrRedirectURIMismatch, "redirect_uri_mismatch"},
	{sdk.ErrStateMismatch, "state_mismatch"},
	{sdk.ErrIssuerMismatch, "issuer_mismatch"},
	{sdk.ErrMissingCode, "missing_code"},
	{sdk.ErrInvalidIDToken, "invalid_id_token"},
	{sdk.ErrUserInfoSubject, "userinfo_sub_mismatch"},
	{sdk.ErrInvalidDiscovery, "invalid_discovery"},
	{sdk.ErrTimeout, "timeout"},
	{sdk.ErrResponseTooLarge, "response_too_large"},
	{sdk.ErrJSONTooDeep, "response_too_deep"},
	{sdk.ErrDiscovery, "discovery"},
	{sdk.ErrCannotReauthenticate, "cannot_reauthenticate"},
	{sdk.ErrPopupBlocked, "popup_blocked"},
	{sdk.ErrUnsupportedInCookieMode, "unsupported_in_cookie_mode"},
	{sdk.ErrCanceled, "canceled"},
	{sdk.ErrInternal, "internal"},
}

// kindCode is the code of an error class, when no sentinel says more. A switch, not a
// package-level map, so that no map is built while the module starts.
func kindCode(k sdk.Kind) (string, bool) {
	switch k {
	case sdk.KindOAuth:
		return "oauth", true
	case sdk.KindServer:
		return "server", true
	case sdk.KindNetwork:
		return "network", true
	case sdk.KindCancel:
		return "canceled", true
	}
	return "", false
}

// errorCode is err's stable code; "unknown" for a failure nobody classified (a browser
// API that threw), which is a bug report, not a branch.
func errorCode(err error) string {
	for _, c := range errorCodes {
		if errors.Is(err, c.sentinel) {
			return c.code
		}
	}
	if code, ok := kindCode(sdk.KindOf(err)); ok {
		return code
	}
	return "unknown"
}

// errorObject is the plain object the JS glue turns into an AuthgearError subclass. Go
// cannot subclass Error itself, and keeping the classes in JS keeps `instanceof` working
// for bundlers that load the glue twice.
func errorObject(err error) map[string]any {
	obj := map[string]any{
		"name":    string(sdk.KindOf(err)),
		"message": err.Error(),
		"code":    errorCode(err),
	}
	if oauthErr, ok := errors.AsType[*sdk.OAuthError](err); ok {
		obj["error"] = oauthErr.Code
		obj["error_description"] = oauthErr.Description
		obj["error_uri"] = oauthErr.URI
		obj["state"] = oauthErr.State
		if oauthErr.Status != 0 {
			obj["status"] = oauthErr.Status
		}
	}
	if serverErr, ok := errors.AsType[*sdk.ServerError](err); ok {
		obj["status"] = serverErr.Status
		obj["body"] = serverErr.Body
		if serverErr.Name != "" {
			// The glue's ServerError takes Authgear's name as `name`; "name" here picks the class.
			obj["serverName"] = serverErr.Name
			obj["reason"] = serverErr.Reason
			if serverErr.Message != "" {
				obj["message"] = serverErr.Message
			}
			if serverErr.Info != nil {
				obj["info"] = serverErr.Info
			}
		}
	}
	return obj
}

// nativeError is a value the browser threw or rejected with, handed back to the app as
// it is: fetch() rejects with the same TypeError or AbortError native fetch would.
type nativeError struct {
	value safejs.Value
	msg   string
}

func (e *nativeError) Error() string { return e.msg }

// passThrough marks a JS exception or rejection to be rejected with unchanged; other
// errors are returned as they are.
func passThrough(err error) error {
	if je, ok := errors.AsType[*JSError](err); ok && je.value.Type() != safejs.TypeUndefined {
		return &nativeError{value: je.value, msg: je.Error()}
	}
	if thrown, ok := errors.AsType[js.Error](err); ok {
		return &nativeError{value: safejs.Safe(thrown.Value), msg: err.Error()}
	}
	return err
}

// rejection is what a Promise rejects with for err.
func rejection(err error) any {
	if ne, ok := err.(*nativeError); ok {
		return ne.value
	}
	return errorObject(err)
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
