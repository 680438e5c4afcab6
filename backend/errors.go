package backend

import "errors"

// Sentinel errors. Callers test them with errors.Is; the underlying cause
// (for example jwt.ErrTokenExpired from github.com/golang-jwt/jwt/v5) stays
// wrapped in the returned error.
var (
	// ErrNoCredential means the request carried no credential this package
	// understands: RFC 6750 §3.1 asks for a challenge without an error code.
	ErrNoCredential = errors.New("backend: no credential in the request")

	// ErrInvalidToken means the credential was present but is malformed,
	// expired, not yet valid, wrongly signed, meant for someone else, or its
	// session was revoked: the "invalid_token" error of RFC 6750 §3.1.
	ErrInvalidToken = errors.New("backend: invalid access token or session")

	// ErrResolverUnavailable means the resolver endpoint could not give an
	// answer (transport error, non-200 status, malformed headers). It is not a
	// statement about the session, so the middleware answers 503, not 401
	// (RFC 9110 §15.6.4).
	ErrResolverUnavailable = errors.New("backend: session resolver unavailable")

	// ErrKeySetUnavailable means a token names a key (kid) that the
	// verifier does not hold and the provider's JWK Set could not be fetched
	// to look for it (unreachable, an error status, no usable key). Like
	// ErrResolverUnavailable it is not a statement about the token, so the
	// middleware answers 503: a 401 would sign out a user whose token may be
	// signed with a key the provider just rotated to.
	ErrKeySetUnavailable = errors.New("backend: the provider's signing keys could not be fetched")

	// ErrDiscovery means NewJWTVerifier could not use the provider's
	// discovery document (OpenID Connect Discovery 1.0 §4): unreachable,
	// malformed, or naming another issuer than the endpoint (§4.3).
	ErrDiscovery = errors.New("backend: OpenID discovery failed")

	// errSessionRevoked is wrapped under ErrInvalidToken when the resolver
	// answers x-authgear-session-valid: false.
	errSessionRevoked = errors.New("the resolver reports the session as not valid")
)
