package backend

import (
	"context"
	"slices"
	"time"
)

// User is the caller the middleware put in the request context. Its fields
// are the Authgear user facts that both modes carry: the JWT claims
// (https://authgear.com/claims/user/*, RFC 8176 amr, OpenID Connect Core
// §2 auth_time) or the resolver's x-authgear-* headers.
type User struct {
	// Sub is the user's ID (RFC 7519 §4.1.2 "sub"; x-authgear-user-id).
	Sub string
	// Roles are the user's roles (https://authgear.com/claims/user/roles).
	Roles []string
	// IsAnonymous is true for an Authgear anonymous user.
	IsAnonymous bool
	// IsVerified is true when the user has a verified identity.
	IsVerified bool
	// CanReauthenticate is true when the user can be asked to sign in again.
	CanReauthenticate bool
	// AMR lists the authentication methods used (RFC 8176).
	AMR []string
	// AuthenticatedAt is when the user last signed in; zero if unknown.
	AuthenticatedAt time.Time
	// Claims holds every claim of the access token in JWT mode; nil in
	// resolver mode.
	Claims map[string]any
	// DPoPJKT is the thumbprint of the DPoP key (RFC 9449 §6.1) the request
	// proved it holds; "" for a Bearer token and in resolver mode.
	DPoPJKT string
}

// clone returns a copy that shares nothing mutable with u except Claims'
// nested values, so a cached User cannot be changed by a handler.
func (u *User) clone() *User {
	c := *u
	c.Roles = slices.Clone(u.Roles)
	c.AMR = slices.Clone(u.AMR)
	return &c
}

type userKey struct{}

// WithUser returns a copy of ctx that carries u. The middlewares use it; it
// is exported so tests and other authentication layers can build the same
// context that handlers read with UserFrom.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the User that a middleware of this package (or WithUser)
// stored in ctx, and whether there was one.
func UserFrom(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(userKey{}).(*User)
	return u, ok && u != nil
}
