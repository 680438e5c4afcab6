package devidp

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Authgear's user claims, carried in access tokens, ID tokens and userinfo.
const (
	claimIsAnonymous       = "https://authgear.com/claims/user/is_anonymous"
	claimIsVerified        = "https://authgear.com/claims/user/is_verified"
	claimCanReauthenticate = "https://authgear.com/claims/user/can_reauthenticate"
	claimRoles             = "https://authgear.com/claims/user/roles"
)

// errInvalidCredential reports a bearer token or cookie that names no live session.
var errInvalidCredential = errors.New("devidp: invalid, expired or revoked credential")

// accessClaims are the claims of an access token in Authgear's shape (RFC 9068 §2.2):
// aud is the issuer, sid the grant.
func (s *Server) accessClaims(g grant, u *User, now time.Time, lifetime time.Duration) jwt.MapClaims {
	c := jwt.MapClaims{
		"iss":       s.issuer,
		"aud":       []string{s.issuer},
		"sub":       u.Sub,
		"client_id": g.clientID,
		"exp":       now.Add(lifetime).Unix(),
		"iat":       now.Unix(),
		"jti":       randomToken()[:22],
		"sid":       g.id,
		"auth_time": g.authTime.Unix(),
		"amr":       []string{"pwd"},
	}
	if g.dpopJKT != "" {
		c["cnf"] = map[string]string{"jkt": g.dpopJKT} // RFC 9449 §6.1
	}
	for k, v := range authgearClaims(u) {
		c[k] = v
	}
	return c
}

// idClaims are the claims of an ID token (OpenID Connect Core 1.0 §2).
func (s *Server) idClaims(g grant, u *User, now time.Time, lifetime time.Duration) jwt.MapClaims {
	c := jwt.MapClaims{
		"iss":       s.issuer,
		"aud":       g.clientID,
		"sub":       u.Sub,
		"exp":       now.Add(lifetime).Unix(),
		"iat":       now.Unix(),
		"auth_time": g.authTime.Unix(),
		"sid":       g.id,
	}
	if g.nonce != "" {
		c["nonce"] = g.nonce
	}
	// Authgear puts the user claims into every ID token (PopulateUserClaimsInIDToken):
	// canReauthenticate() and the settings actions read can_reauthenticate there.
	for k, v := range authgearClaims(u) {
		c[k] = v
	}
	return c
}

// authgearClaims are the four https://authgear.com/claims/user/* claims of a user.
func authgearClaims(u *User) map[string]any {
	roles := append([]string{}, u.Roles...)
	return map[string]any{
		claimIsAnonymous:       u.IsAnonymous,
		claimIsVerified:        u.EmailVerified,
		claimCanReauthenticate: u.CanReauthenticate,
		claimRoles:             roles,
	}
}

// identity is who a request's credential names: the user and the session it belongs to.
type identity struct {
	sid      string // the grant (Bearer) or IdP session (cookie) the credential belongs to
	user     *User
	authTime time.Time
	amr      []string
	// connection is the upstream connection the user signed in through, if any.
	connection string
	// jkt is the access token's cnf.jkt: the DPoP key it is bound to, if any.
	jkt string
}

// verifyAccessToken checks an access token's signature (RS256, known kid), iss, aud and
// exp, and that its sid names a live grant: revocation takes effect at once.
func (s *Server) verifyAccessToken(raw string) (identity, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, s.keys.keyfunc,
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(s.issuer),
		jwt.WithAudience(s.issuer), jwt.WithExpirationRequired(), jwt.WithTimeFunc(s.now))
	if err != nil {
		return identity{}, errors.Join(errInvalidCredential, err)
	}
	sid, _ := claims["sid"].(string)
	g, ok := s.store.liveGrant(sid)
	if !ok {
		return identity{}, errInvalidCredential
	}
	u := s.userByName(g.username)
	if sub, _ := claims.GetSubject(); u == nil || sub != u.Sub {
		return identity{}, errInvalidCredential
	}
	jkt := ""
	if cnf, ok := claims["cnf"].(map[string]any); ok {
		jkt, _ = cnf["jkt"].(string)
	}
	return identity{sid: g.id, user: u, authTime: g.authTime, amr: []string{"pwd"}, connection: g.connection, jkt: jkt}, nil
}

// identify finds the request's credential: the Authorization header, which takes
// precedence, else the IdP session cookie. present is false when there is neither. A
// DPoP-bound access token needs the DPoP scheme and a proof for this request.
func (s *Server) identify(r *http.Request) (id identity, present bool, err error) {
	return s.identifyWith(r, s.resourceBinding)
}

// identifyWith is identify with the DPoP check of the endpoint (dpop_resource.go).
func (s *Server) identifyWith(r *http.Request, binding bindingCheck) (id identity, present bool, err error) {
	if authorization := r.Header.Get("Authorization"); authorization != "" {
		scheme, token, ok := strings.Cut(authorization, " ")
		token = strings.TrimSpace(token)
		if !ok || (!strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "DPoP")) || token == "" {
			return identity{}, true, errInvalidCredential
		}
		id, err := s.verifyAccessToken(token)
		if err == nil {
			err = binding(r, strings.EqualFold(scheme, "DPoP"), token, id.jkt)
		}
		return id, true, err
	}
	cookie, err := r.Cookie(s.cookieName)
	if err != nil {
		return identity{}, false, nil
	}
	sess, ok := s.store.liveSession(cookie.Value)
	if !ok {
		return identity{}, true, errInvalidCredential
	}
	u := s.userByName(sess.username)
	if u == nil {
		return identity{}, true, errInvalidCredential
	}
	return identity{sid: sess.id, user: u, authTime: sess.authTime, amr: []string{"pwd"}, connection: sess.connection}, true, nil
}
