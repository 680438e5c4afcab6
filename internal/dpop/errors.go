package dpop

// Error is a rejected proof: Code is the OAuth error code a server answers (RFC 9449
// §12.2: invalid_dpop_proof, or use_dpop_nonce when the server's nonce is missing or
// stale, §8) and Reason a short description safe to send (it never holds the proof).
type Error struct {
	Code   string
	Reason string
}

func (e *Error) Error() string { return "dpop: " + e.Code + ": " + e.Reason }

// Error codes of RFC 9449 §12.2.
const (
	CodeInvalidProof = "invalid_dpop_proof"
	CodeUseNonce     = "use_dpop_nonce"
)

func invalid(reason string) *Error { return &Error{Code: CodeInvalidProof, Reason: reason} }

// The rejections, one per check, so callers and tests can tell them apart with errors.Is.
var (
	ErrMalformed     = invalid("the DPoP proof is not a compact JWS")
	ErrType          = invalid(`the DPoP proof's typ is not "dpop+jwt"`)
	ErrAlgorithm     = invalid("the DPoP proof's alg is not ES256 or RS256")
	ErrKey           = invalid("the DPoP proof's jwk is missing, not public or not usable with its alg")
	ErrSignature     = invalid("the DPoP proof's signature does not verify with its jwk")
	ErrClaims        = invalid("the DPoP proof lacks jti, htm, htu or iat, or one is malformed")
	ErrMethod        = invalid("the DPoP proof's htm is not this request's method")
	ErrURL           = invalid("the DPoP proof's htu is not this request's URL")
	ErrIssuedFuture  = invalid("the DPoP proof's iat is in the future")
	ErrIssuedExpired = invalid("the DPoP proof's iat is too old")
	ErrAccessToken   = invalid("the DPoP proof's ath does not match the access token")
	ErrThumbprint    = invalid("the DPoP proof's key is not the key the token is bound to")
	ErrReplayed      = invalid("the DPoP proof's jti was used before")
	ErrCacheFull     = invalid("too many DPoP proofs in flight; retry with a new proof")
	ErrMultiple      = invalid("more than one DPoP header")
	ErrNonce         = &Error{Code: CodeUseNonce, Reason: "the DPoP proof must carry the server's current nonce"}
)
