// Package sdk is the pure-Go core of wasmgear: the session state machine, OAuth 2.0
// authorization code flow with PKCE, token refresh, userinfo and the one authorized
// request (Container.Fetch) that decides where a token goes, when to refresh and when to
// replay, for the app's requests and the SDK's own alike.
//
// A Container's concerns live apart: the session (configuration, snapshot, storage,
// listener), the provider (discovery, token requests), the refresher (one flight, the
// cross-tab lock) and the tab sync (what other tabs are told, in order, outside the
// session's mutex).
//
// It never touches JavaScript. Everything that belongs to the browser (HTTP, storage,
// randomness, hashing, navigation, cross-tab locks) reaches it through the small
// interfaces declared next to the code that uses them — the required ones together as a
// Browser given to NewContainer — so the whole package is tested natively with
// `go test -race`, and jsbridge adapts the browser to those interfaces.
package sdk
