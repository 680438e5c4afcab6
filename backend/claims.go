package backend

import (
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Authgear's private claim names (Authgear "User Profile" claims).
const (
	claimIsAnonymous       = "https://authgear.com/claims/user/is_anonymous"
	claimIsVerified        = "https://authgear.com/claims/user/is_verified"
	claimCanReauthenticate = "https://authgear.com/claims/user/can_reauthenticate"
	claimRoles             = "https://authgear.com/claims/user/roles"

	// maxUnixSeconds keeps an absurd auth_time from overflowing int64.
	maxUnixSeconds = 1 << 40
)

// userFromClaims maps verified access-token claims to a User: sub (RFC 7519
// §4.1.2, required), amr (RFC 8176), auth_time (OpenID Connect Core §2) and
// the Authgear user claims. A claim of an unexpected type is ignored rather
// than guessed at.
func userFromClaims(claims jwt.MapClaims) (*User, error) {
	sub, err := claims.GetSubject()
	if err != nil || sub == "" {
		return nil, fmt.Errorf("%w: the token has no sub claim", ErrInvalidToken)
	}
	u := &User{
		Sub:               sub,
		Roles:             stringList(claims[claimRoles]),
		IsAnonymous:       claims[claimIsAnonymous] == true,
		IsVerified:        claims[claimIsVerified] == true,
		CanReauthenticate: claims[claimCanReauthenticate] == true,
		AMR:               stringList(claims["amr"]),
		Claims:            claims,
	}
	if t, ok := claims["auth_time"].(float64); ok && t > 0 && t < maxUnixSeconds {
		u.AuthenticatedAt = time.Unix(int64(t), 0)
	}
	return u, nil
}

// stringList returns the strings of a JSON array claim, skipping other types.
func stringList(v any) []string {
	items, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
