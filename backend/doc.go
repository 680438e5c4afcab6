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
//
// DPoP (RFC 9449) in JWT mode: an access token whose cnf.jkt names a key
// (the SDK binds its tokens to a non-extractable browser key when the
// provider offers DPoP) is accepted only as "Authorization: DPoP <token>"
// with a "DPoP" header proof, checked as RFC 9449 §4.3 and §7 say: signed by
// the proof's own jwk (ES256 or RS256, public, RSA ≥ 2048 bits), typ
// dpop+jwt, htm and htu equal to this request's method and URL (query and
// fragment ignored), ath = base64url(SHA-256(token)), iat at most 5 minutes
// old and 1 minute ahead ([WithDPoPWindow]), jti not seen before, and the
// jwk's RFC 7638 thumbprint equal to cnf.jkt. The request URL is derived
// from what this server received (r.TLS, r.Host, the path of r.RequestURI);
// behind a proxy that changes scheme, host or path prefix, set
// [WithPublicURL]. Forwarded headers are never trusted.
//
// Seen proofs are kept in a replay cache bounded in time (an entry lives
// until its iat + window, so at most 6 minutes) and in entries (100,000 by
// default, about 15 MB at the fullest; [WithDPoPReplayCacheSize]). A full
// cache of live entries refuses new proofs (invalid_dpop_proof) instead of
// forgetting old ones, so a replay never gets through for want of room. The
// cache is per JWTVerifier: several instances of a server behind one URL
// each keep their own, so a proof could be replayed once to each.
//
// A bound token presented as Bearer, an unbound one presented as DPoP, and
// a DPoP request whose token fails are answered 401 with
// `WWW-Authenticate: DPoP error="invalid_token", algs="ES256 RS256"`; a
// missing or failing proof with `DPoP error="invalid_dpop_proof", ...`
// (RFC 9449 §7.1). Unbound tokens as Bearer are answered exactly as before.
// The resolver endpoint cannot check a proof (it names the app's URL, not
// the resolver's), so resolver mode forwards the DPoP scheme unchecked.
package backend
