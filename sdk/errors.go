package sdk

import (
	"errors"
	"strconv"
	"strings"
)

// Kind names the JavaScript error class an error becomes at the boundary, so the JS glue
// can throw `instanceof`-checkable errors without parsing messages.
type Kind string

// The error classes of the JavaScript API (ARCHITECTURE.md, "Errors").
const (
	KindAuthgear Kind = "AuthgearError"
	KindOAuth    Kind = "OAuthError"
	KindServer   Kind = "ServerError"
	KindNetwork  Kind = "NetworkError"
	KindCancel   Kind = "CancelError"
)

// Sentinel errors, wrapped with context and matched with errors.Is.
var (
	// ErrInvalidOptions marks bad arguments from the caller: a programming error, never retried.
	ErrInvalidOptions = errors.New("wasmgear: invalid options")
	// ErrNotConfigured is returned by every call that needs configure() to have succeeded.
	ErrNotConfigured = errors.New("wasmgear: configure() has not completed")
	// ErrCanceled marks a call the caller aborted; it becomes CancelError.
	ErrCanceled = errors.New("wasmgear: canceled")
	// ErrInternal marks a recovered panic: the call fails, the SDK stays usable.
	ErrInternal = errors.New("wasmgear: internal error")
	// ErrNoAuthentication means finishAuthentication found no authorization request started
	// by this browser (no stored PKCE verifier or state): a reload, or a forged redirect.
	ErrNoAuthentication = errors.New("wasmgear: no authentication in progress")
	// ErrStorageUnavailable means startAuthentication found no storage that outlives the
	// page (localStorage and sessionStorage both refused): the PKCE verifier and state
	// would be lost on the way to the provider and back, so the login is not started.
	ErrStorageUnavailable = errors.New("wasmgear: no storage survives the redirect (localStorage and sessionStorage are blocked), so a login cannot complete")
	// ErrRedirectURIMismatch means the page is not the redirect URI the request named.
	ErrRedirectURIMismatch = errors.New("wasmgear: current URL does not match the redirect URI")
	// ErrStateMismatch is the CSRF check of RFC 6749 §10.12: the state on the redirect is
	// missing or not the one this browser sent.
	ErrStateMismatch = errors.New("wasmgear: state mismatch")
	// ErrIssuerMismatch is RFC 9207's mix-up defence: the authorization response names
	// another issuer, or none although the provider always sends one.
	ErrIssuerMismatch = errors.New("wasmgear: authorization response issuer mismatch")
	// ErrMissingCode means the redirect carries neither a code nor an error (RFC 6749 §4.1.2).
	ErrMissingCode = errors.New("wasmgear: authorization code missing from the redirect")
	// ErrInvalidIDToken means the ID token failed the checks of OIDC Core §3.1.3.7
	// (nonce, aud, iss) or could not be decoded.
	ErrInvalidIDToken = errors.New("wasmgear: invalid ID token")
	// ErrNoSession means the call needs a signed-in user and there is none.
	ErrNoSession = errors.New("wasmgear: no session")
	// ErrDiscovery marks a provider whose discovery document (OIDC Discovery 1.0 §4)
	// could not be read or lacks an endpoint the call needs; the cause stays wrapped, so
	// a network fault is still a NetworkError.
	ErrDiscovery = errors.New("wasmgear: discovery")
	// ErrInvalidDiscovery means the provider's discovery document was refused before any
	// of its URLs was used: an endpoint that is not https (plain http only on loopback),
	// an issuer other than the configured endpoint, or a required endpoint missing. A
	// javascript: authorization_endpoint would run script in the app's origin on navigation.
	ErrInvalidDiscovery = errors.New("wasmgear: the provider's discovery document is refused")
	// ErrCannotReauthenticate means the ID token held does not allow reauthentication or
	// a settings action: there is none, or its can_reauthenticate claim is not true.
	ErrCannotReauthenticate = errors.New("wasmgear: cannot reauthenticate")
	// ErrPopupBlocked means the browser refused to open a tab (a popup blocker): open()
	// was not called from a user's click, or the user blocks popups for this site.
	ErrPopupBlocked = errors.New("wasmgear: the browser blocked the new tab")
	// ErrUnsupportedInCookieMode means the call needs the refresh token of the
	// refresh_token session type: Authgear's settings actions trade it for an app session
	// token, and a cookie session has none (@authgear/web silently does nothing then).
	ErrUnsupportedInCookieMode = errors.New("wasmgear: not available with the cookie session type")
)

// discoveryError is a failure to use the provider's metadata, with its cause.
type discoveryError struct{ err error }

func (e *discoveryError) Error() string        { return "wasmgear: discovery: " + e.err.Error() }
func (e *discoveryError) Unwrap() error        { return e.err }
func (e *discoveryError) Is(target error) bool { return target == ErrDiscovery }

// wrapError gives a sentinel a message that says what happened, keeping errors.Is.
func wrapError(sentinel error, msg string) error {
	return &messageError{msg: sentinel.Error() + ": " + msg, err: sentinel}
}

// OAuthError is an error response of an authorization server: RFC 6749 §4.1.2.1
// (authorization endpoint) and §5.2 (token endpoint).
type OAuthError struct {
	Code        string // the "error" parameter, e.g. "invalid_grant"
	Description string
	URI         string
	State       string // the caller's state, when the error came back on the redirect
	Status      int    // the HTTP status of an endpoint's answer; 0 on the redirect
}

// Error reads "wasmgear: <code>: <description>", the server's words without tokens.
func (e *OAuthError) Error() string {
	msg := "wasmgear: " + e.Code
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// ServerError is an unexpected HTTP answer (5xx, or a body that is not what the protocol
// says), or an error of Authgear's JSON APIs (`{"error":{name, reason, message, info}}`),
// whose fields it keeps: apps branch on Reason, as with @authgear/web. The session is kept
// unless Reason is InvalidGrant: a server fault is never proof that a token is bad.
type ServerError struct {
	Status int
	Body   string
	// Name, Reason, Message and Info are Authgear's error fields; empty for other answers.
	Name, Reason, Message string
	Info                  map[string]any
	// Cause says why a body was refused (ErrResponseTooLarge, ErrJSONTooDeep); nil otherwise.
	Cause error
}

// Unwrap exposes Cause to errors.Is, which gives the error its code.
func (e *ServerError) Unwrap() error { return e.Cause }

// Error names the status, or Authgear's name and reason; the body may be long, and stays in Body.
func (e *ServerError) Error() string {
	if e.Name != "" {
		msg := "wasmgear: " + e.Name + " (" + e.Reason + ")"
		if e.Message != "" {
			msg += ": " + e.Message
		}
		return msg
	}
	msg := "wasmgear: unexpected server response: HTTP " + strconv.Itoa(e.Status)
	if e.Cause != nil {
		msg += ": " + strings.TrimPrefix(e.Cause.Error(), "wasmgear: ")
	}
	return msg
}

// NetworkError means the request did not complete (offline, DNS, CORS, dropped
// connection). Like ServerError, it never ends a session.
type NetworkError struct {
	Err error
	// Hint, for a request to another origin, names the CORS settings to check: the
	// browser hides a CORS refusal behind the same error as an unreachable host.
	Hint string
}

// Error includes the transport's reason, which names no credentials, and the hint.
func (e *NetworkError) Error() string {
	msg := "wasmgear: network error"
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

// Unwrap exposes the transport error, e.g. a context cancellation, to errors.Is.
func (e *NetworkError) Unwrap() error { return e.Err }

// KindOf tells which JavaScript error class err becomes. It uses errors.AsType, as every
// type test of an error in the module does: errors.As needs internal/reflectlite's
// assignability checks, about 3 KB brotli of the WebAssembly module.
func KindOf(err error) Kind {
	_, isOAuth := errors.AsType[*OAuthError](err)
	_, isServer := errors.AsType[*ServerError](err)
	_, isNetwork := errors.AsType[*NetworkError](err)
	switch {
	case isOAuth:
		return KindOAuth
	case isServer:
		return KindServer
	case isNetwork:
		return KindNetwork
	case errors.Is(err, ErrCanceled):
		return KindCancel
	default:
		return KindAuthgear
	}
}

// InvalidOptions wraps ErrInvalidOptions with a message a developer can act on; the
// bridge uses it for arguments of the wrong JavaScript type.
func InvalidOptions(msg string) error {
	return &messageError{msg: "wasmgear: " + msg, err: ErrInvalidOptions}
}

// messageError carries its own message and a sentinel for errors.Is.
type messageError struct {
	msg string
	err error
}

func (e *messageError) Error() string { return e.msg }
func (e *messageError) Unwrap() error { return e.err }
