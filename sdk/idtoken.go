package sdk

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"time"
)

// ErrUserInfoSubject means the UserInfo endpoint answered for another user than the ID
// token's (OIDC Core §5.3.2: the sub of a UserInfo response MUST be verified to match
// the ID token's, else the response must not be used). The session is kept.
var ErrUserInfoSubject = errors.New("wasmgear: the UserInfo response is for another user than the ID token")

// idTokenLeeway is the clock skew allowed on exp and iat (OIDC Core §3.1.3.7 steps 9
// and 10). Five minutes, as oidc-client-ts: a phone's clock is often a minute or two
// off, and a token issued "in the future" by that much is not a forgery.
const idTokenLeeway = 5 * time.Minute

// idTokenWant is what an ID token must say besides being this provider's for this client.
type idTokenWant struct {
	// authorized marks the answer to an authorization request (login, reauthentication):
	// its nonce must be the one this browser sent, and a missing one fails.
	authorized bool
	nonce      string
	sub        string // the session's subject, when one is known (OIDC Core §12.2)
}

// verifyIDToken validates an ID token as OIDC Core §3.1.3.7 says, on every token
// response that carries one: an accepted alg, the signature against the provider's
// JWK Set (step 6: the token endpoint is TLS, but a browser holds the token and hands
// it to others as id_token_hint), iss (step 2), aud (3), azp when present (4, 5), exp
// and iat with idTokenLeeway (9, 10), nonce (11) and, on refresh, the same sub (§12.2).
// The claims are checked before the signature: they need no key.
func (c *Container) verifyIDToken(ctx context.Context, meta *providerMetadata, clientID, raw string, want idTokenWant) error {
	t, err := parseJWS(raw)
	if err != nil {
		return err
	}
	if err := checkIDTokenClaims(t.claims, meta.issuer, clientID, want, c.session.clock.Now()); err != nil {
		return err
	}
	return c.provider.verifySignature(ctx, meta.jwksURI, t)
}

// checkIDTokenClaims checks the claims of OIDC Core §3.1.3.7 and §12.2.
func checkIDTokenClaims(claims map[string]any, issuer, clientID string, want idTokenWant, now time.Time) error {
	switch {
	case stringField(claims, "iss") != issuer:
		return wrapError(ErrInvalidIDToken, "iss is not the provider")
	case !audienceContains(claims["aud"], clientID):
		return wrapError(ErrInvalidIDToken, "aud does not contain the client ID")
	case claims["azp"] != nil && claims["azp"] != clientID:
		return wrapError(ErrInvalidIDToken, "azp is another client")
	case stringField(claims, "sub") == "":
		return wrapError(ErrInvalidIDToken, "sub is missing")
	case want.sub != "" && stringField(claims, "sub") != want.sub:
		return wrapError(ErrInvalidIDToken, "sub is not the session's user")
	}
	exp, hasExp := claims["exp"].(float64)
	iat, hasIat := claims["iat"].(float64)
	switch {
	case !hasExp || !hasIat:
		return wrapError(ErrInvalidIDToken, "exp or iat is missing")
	case now.After(unixTime(exp).Add(idTokenLeeway)):
		return wrapError(ErrInvalidIDToken, "the token has expired (exp)")
	case unixTime(iat).After(now.Add(idTokenLeeway)):
		return wrapError(ErrInvalidIDToken, "the token is issued in the future (iat)")
	}
	if want.authorized && (want.nonce == "" || !constantTimeEqual(stringField(claims, "nonce"), want.nonce)) {
		return wrapError(ErrInvalidIDToken, "nonce mismatch")
	}
	return nil
}

// unixTime is a NumericDate (RFC 7519 §2), clamped so that huge values do not overflow.
func unixTime(secs float64) time.Time {
	const limit = 1 << 40
	if secs > limit {
		secs = limit
	} else if secs < -limit {
		secs = -limit
	}
	return time.Unix(int64(secs), 0)
}

// idTokenClaims decodes the payload of a JWS compact serialization (RFC 7515 §7.1)
// without verifying the signature: for a stored token, already verified when received.
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

// subjectOf is the sub of a held ID token, "" when there is none or it cannot be read.
func subjectOf(raw string) string {
	if raw == "" {
		return ""
	}
	claims, err := idTokenClaims(raw)
	if err != nil {
		return ""
	}
	return stringField(claims, "sub")
}

// checkUserInfoSubject applies OIDC Core §5.3.2 when an ID token is held: a token that
// cannot be read (stored by something else) has no sub to compare, and is not checked.
func checkUserInfoSubject(info *UserInfo, idToken string) error {
	if sub := subjectOf(idToken); sub != "" && info.Sub != sub {
		return ErrUserInfoSubject
	}
	return nil
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
