package sdk

import (
	"encoding/base64"
	"strings"
)

// checkIDToken checks an ID token received straight from the token endpoint over TLS.
// OIDC Core §3.1.3.7 (6) lets a client skip the signature check in that case; the
// claims are still checked: iss is the provider (step 2), aud contains the client ID
// (step 3) and nonce is the one this browser sent (step 11), which binds the token to
// this authorization request and defeats replay.
func checkIDToken(raw, issuer, clientID, nonce string) error {
	claims, err := idTokenClaims(raw)
	if err != nil {
		return err
	}
	if stringField(claims, "iss") != issuer {
		return wrapError(ErrInvalidIDToken, "iss is not the provider")
	}
	if !audienceContains(claims["aud"], clientID) {
		return wrapError(ErrInvalidIDToken, "aud does not contain the client ID")
	}
	if nonce == "" || !constantTimeEqual(stringField(claims, "nonce"), nonce) {
		return wrapError(ErrInvalidIDToken, "nonce mismatch")
	}
	return nil
}

// idTokenClaims decodes the payload of a JWS compact serialization (RFC 7515 §7.1)
// without verifying the signature.
func idTokenClaims(raw string) (map[string]any, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, wrapError(ErrInvalidIDToken, "not a JWS compact serialization")
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, wrapError(ErrInvalidIDToken, "payload is not base64url")
	}
	claims, err := decodeObject(payload)
	if err != nil {
		return nil, wrapError(ErrInvalidIDToken, "payload is not a JSON object")
	}
	return claims, nil
}

// audienceContains reads aud as a string or an array of strings (RFC 7519 §4.1.3).
func audienceContains(aud any, clientID string) bool {
	switch aud := aud.(type) {
	case string:
		return aud == clientID
	case []any:
		for _, a := range aud {
			if s, ok := a.(string); ok && s == clientID {
				return true
			}
		}
	}
	return false
}
