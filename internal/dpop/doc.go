// Package dpop checks DPoP proofs (OAuth 2.0 Demonstrating Proof of Possession, RFC 9449)
// for the two native Go servers of this module: devidp's token endpoint and the backend's
// JWT middleware share it, so both enforce one reading of the RFC.
//
// A proof is a JWT the client signs with its own key for exactly one request. Verify runs
// the checks of RFC 9449 §4.3 in this order, cheapest and context-free first: the size
// and JWS syntax; typ "dpop+jwt"; alg ES256 or RS256 only (never "none" or an HMAC alg,
// the server holds no shared secret); the header's jwk a public P-256 or RSA (≥ 2048
// bits) key with no private member; the signature with that key; the claims jti, htm,
// htu and iat present; htm and htu equal to this request's method and URL (query and
// fragment ignored); iat no older than Window and no newer than Skew; ath equal to
// base64url(SHA-256(access token)) when a token is presented (§7); the key's RFC 7638
// thumbprint equal to the bound jkt when one is expected (§6); the server's nonce when
// one is required (§8); and last the jti not seen before for this key (§11.1).
//
// The replay check is a ReplayCache bounded in entries and time: an entry lives only as
// long as its proof could still pass the iat check (iat + Window), and when the cache is
// full of live entries a new proof is refused rather than an old entry dropped, so a
// replay is never let through for want of room (fail closed). Everything here is safe
// for concurrent use.
package dpop
