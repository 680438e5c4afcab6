package sdk

// Storage key suffixes. The full key is authgear_${name}_${suffix}: Authgear's own names,
// so an app moving from @authgear/web keeps its users signed in.
const (
	keyRefreshToken     = "refreshToken"
	keyIDToken          = "idToken"
	keyOIDCCodeVerifier = "oidcCodeVerifier"

	// The rest of one authorization request, kept across the round trip to the provider
	// (wasmgear's own keys, same prefix).
	keyOIDCState       = "oidcState"       // the CSRF state sent on the wire (RFC 6749 §10.12)
	keyOIDCNonce       = "oidcNonce"       // the ID token nonce (OIDC Core §3.1.2.1)
	keyOIDCRedirectURI = "oidcRedirectURI" // where the provider returns
	keyOIDCUserState   = "oidcUserState"   // the caller's state, returned by finishAuthentication
	keyOIDCFlow        = "oidcFlow"        // what the redirect finishes: "" login, or flowReauthenticate, …
)

// pendingKeys are the one-time values of an authorization request, removed whatever its outcome.
var pendingKeys = []string{keyOIDCCodeVerifier, keyOIDCState, keyOIDCNonce, keyOIDCRedirectURI, keyOIDCUserState, keyOIDCFlow}
