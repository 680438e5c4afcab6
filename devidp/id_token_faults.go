package devidp

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Values of the hostile answers: another client and another user of some provider.
const (
	foreignClient = "another-client"
	foreignSub    = "someone-else"
)

// hostile reports whether k makes a hostile answer rather than a failure: the handler
// answers 200 and the fault changes what it says (id_token_faults.go).
func (k FaultKind) hostile() bool { return k >= FaultIDTokenAlgNone && k <= FaultUserInfoForeignSub }

// idTokenFor signs an ID token for the token endpoint's answer to grantType, or the
// hostile one a queued fault asks for: alg none (RFC 7519 §6, an unsecured JWT), a
// signature of the right length from no key, a past exp, an azp of another client, a
// sub of another user. OIDC Core §3.1.3.7 says a client must refuse each.
func (s *Server) idTokenFor(claims jwt.MapClaims, grantType string, now time.Time) (string, error) {
	f, ok := s.faults.take("token", grantType, true)
	if !ok {
		return s.signIDToken(claims)
	}
	switch f.Kind {
	case FaultIDTokenAlgNone:
		return jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	case FaultIDTokenBadSignature:
		raw, err := s.signIDToken(claims)
		if err != nil {
			return "", err
		}
		dot := strings.LastIndexByte(raw, '.')
		sig, err := base64.RawURLEncoding.DecodeString(raw[dot+1:])
		if err != nil {
			return "", err
		}
		_, _ = rand.Read(sig)
		return raw[:dot+1] + base64.RawURLEncoding.EncodeToString(sig), nil
	case FaultIDTokenExpired:
		claims["iat"], claims["exp"] = now.Add(-2*time.Hour).Unix(), now.Add(-time.Hour).Unix()
	case FaultIDTokenForeignAZP:
		claims["aud"], claims["azp"] = []string{claims["aud"].(string), foreignClient}, foreignClient
	case FaultIDTokenForeignSub:
		claims["sub"] = foreignSub
	}
	return s.signIDToken(claims)
}
