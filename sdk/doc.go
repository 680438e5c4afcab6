// Package sdk is the pure-Go core of wasmgear: the session state machine, OAuth 2.0
// authorization code flow with PKCE, token refresh, userinfo and the fetch policy.
//
// It never touches JavaScript. Everything that belongs to the browser (HTTP, storage,
// randomness, hashing, navigation, cross-tab locks) reaches it through the small
// interfaces declared next to the code that uses them, so the whole package is tested
// natively with `go test -race`, and jsbridge adapts the browser to those interfaces.
package sdk
