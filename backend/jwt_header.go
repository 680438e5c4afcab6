package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

var (
	// errTokenType is wrapped under ErrInvalidToken for a typ header that
	// names another kind of JWT than an access token.
	errTokenType = errors.New(`the token's typ is not "at+jwt" (RFC 9068 §4)`)

	// errCritical is wrapped under ErrInvalidToken for a crit header: this
	// verifier understands no JWS extension (RFC 7515 §4.1.11).
	errCritical = errors.New("the token has a crit header and no extension is understood")
)

// checkedKeyfunc checks the JOSE header (RFC 7515 §4) before the key
// lookup, so that a refused header costs no JWK Set fetch:
//   - typ, when present, must be "at+jwt" or "application/at+jwt" (RFC 9068
//     §4; media types are case-insensitive, RFC 7515 §4.1.9), which keeps
//     other JWTs of the provider (logout tokens, DPoP proofs, events) from
//     passing as access tokens. "JWT", the generic value (RFC 7519 §5.1)
//     that Authgear and devidp set, is accepted too, as is no typ at all.
//   - crit must be absent: it lists extensions a recipient must understand,
//     and this verifier understands none, so it must refuse the token.
func checkedKeyfunc(ctx context.Context, keys keyfunc.Keyfunc) jwt.Keyfunc {
	lookup := keys.KeyfuncCtx(ctx)
	return func(t *jwt.Token) (any, error) {
		if err := checkHeader(t.Header); err != nil {
			return nil, err
		}
		return lookup(t)
	}
}

func checkHeader(h map[string]any) error {
	if _, ok := h["crit"]; ok {
		return errCritical
	}
	typ, ok := h["typ"]
	if !ok {
		return nil
	}
	s, _ := typ.(string)
	switch strings.TrimPrefix(strings.ToLower(s), "application/") {
	case "at+jwt", "jwt":
		return nil
	}
	return fmt.Errorf("%w: %.40q", errTokenType, s)
}
