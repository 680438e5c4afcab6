// Package backend lets an application server check the requests that the
// wasmgear browser SDK sends, in the two ways Authgear documents in "Choose
// your authentication approach":
//
//   - JWT mode ([JWTVerifier]): the SDK sends the access token as
//     "Authorization: Bearer <token>" (RFC 6750 §2.1). The server checks the
//     JWT itself (RFC 7519 §7.2) against the signing keys that the provider
//     publishes at the jwks_uri of its discovery document (OpenID Connect
//     Discovery 1.0 §3, RFC 7517). No network call per request; a revoked
//     session stays usable until its access token expires.
//
//   - Resolver mode ([Resolver]): the server forwards the request's
//     Authorization and Cookie headers to Authgear's resolver endpoint
//     (/_resolver/resolve) and reads the x-authgear-* answer headers. This
//     works for cookie sessions too, and a revoked session is seen at once
//     (up to the short cache TTL, 5 s by default).
//
// Both middlewares answer a request without a credential with 401 and
// "WWW-Authenticate: Bearer" (RFC 6750 §3.1: no error code when the client
// did not try), and a rejected credential with 401 and
// `WWW-Authenticate: Bearer error="invalid_token"`, so that the SDK's
// documented 401 handling (clearSessionState) applies. A resolver that cannot
// be reached, or a token naming a new key while the provider's JWK Set cannot
// be fetched, is answered with 503 instead: it says nothing about the
// session, and a 401 would make the browser forget a good one.
package backend
