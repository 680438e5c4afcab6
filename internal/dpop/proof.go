package dpop

import (
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MaxProofLength bounds a proof before any parsing; an RSA-4096 jwk with every claim
// fits in well under half of it.
const MaxProofLength = 8 << 10

// maxJTILength bounds the jti (RFC 9449 §4.2 asks for ≥ 96 bits of randomness; clients
// send 16 to 43 characters), so a replay key is never built from an unbounded string.
const maxJTILength = 128

// Algorithms are the proof signing algorithms accepted, in the order servers advertise
// them (dpop_signing_alg_values_supported, RFC 9449 §5.1; the same as Authgear's).
var Algorithms = []string{"ES256", "RS256"}

// Proof is a proof whose signature verified: the claims of RFC 9449 §4.2 and the key's
// thumbprint.
type Proof struct {
	JKT    string    // RFC 7638 SHA-256 thumbprint of the proof's jwk, base64url
	JTI    string    // the proof's unique id
	Method string    // htm
	URL    string    // htu as sent
	Issued time.Time // iat
	ATH    string    // ath, for proofs that present an access token
	Nonce  string    // the server's nonce, when sent
}

// proofClaims is the JSON shape of a proof's payload.
type proofClaims struct {
	JTI   string           `json:"jti"`
	HTM   string           `json:"htm"`
	HTU   string           `json:"htu"`
	IAT   *jwt.NumericDate `json:"iat"`
	ATH   string           `json:"ath,omitempty"`
	Nonce string           `json:"nonce,omitempty"`
}

// The jwt.Claims methods: a proof has no exp, nbf, iss, sub or aud; Verify checks iat.
func (proofClaims) GetExpirationTime() (*jwt.NumericDate, error) { return nil, nil }
func (c proofClaims) GetIssuedAt() (*jwt.NumericDate, error)     { return c.IAT, nil }
func (proofClaims) GetNotBefore() (*jwt.NumericDate, error)      { return nil, nil }
func (proofClaims) GetIssuer() (string, error)                   { return "", nil }
func (proofClaims) GetSubject() (string, error)                  { return "", nil }
func (proofClaims) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

// parser reads a proof without verifying it; Parse then checks the header itself before
// it verifies the signature with the header's own key.
var parser = jwt.NewParser(jwt.WithoutClaimsValidation())

// Parse checks a proof's syntax, header, key and signature and returns its claims; it
// checks nothing about the request, the time or replays (Verifier.Verify does).
func Parse(raw string) (*Proof, error) {
	if raw == "" || len(raw) > MaxProofLength || strings.Count(raw, ".") != 2 {
		return nil, ErrMalformed
	}
	var claims proofClaims
	token, parts, err := parser.ParseUnverified(raw, &claims)
	switch {
	case errors.Is(err, jwt.ErrTokenUnverifiable): // an alg golang-jwt does not know
		return nil, ErrAlgorithm
	case err != nil:
		return nil, ErrMalformed
	}
	if typ, _ := token.Header["typ"].(string); !strings.EqualFold(typ, "dpop+jwt") {
		return nil, ErrType
	}
	// Only the asymmetric algorithms: "none" and HS256 fail before any key is looked at
	// (RFC 9449 §4.3 item 5, RFC 8725 §3.1).
	alg := token.Method.Alg()
	if alg != "ES256" && alg != "RS256" {
		return nil, ErrAlgorithm
	}
	if h, _ := token.Header["alg"].(string); h != alg {
		return nil, ErrAlgorithm
	}
	key, jkt, err := publicKey(token.Header["jwk"], alg)
	if err != nil {
		return nil, err
	}
	if token.Method.Verify(parts[0]+"."+parts[1], token.Signature, key) != nil {
		return nil, ErrSignature
	}
	if claims.JTI == "" || len(claims.JTI) > maxJTILength || claims.HTM == "" || claims.HTU == "" || claims.IAT == nil {
		return nil, ErrClaims
	}
	return &Proof{JKT: jkt, JTI: claims.JTI, Method: claims.HTM, URL: claims.HTU,
		Issued: claims.IAT.Time, ATH: claims.ATH, Nonce: claims.Nonce}, nil
}
