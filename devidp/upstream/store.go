package upstream

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"sync"
	"time"
)

// errInvalidGrant is the store's answer to an unknown, expired, spent or revoked secret;
// the token endpoint turns it into invalid_grant (RFC 6749 §5.2).
var errInvalidGrant = errors.New("upstream: invalid grant")

// codeLifetime keeps authorization codes short-lived (RFC 6749 §4.1.2).
const codeLifetime = time.Minute

type authCode struct {
	clientID, redirectURI, challenge, username, scope string
	offline                                           bool
	expires                                           time.Time
	used                                              bool
}

// grant is what one consent made: the refresh tokens of a client for an account.
type grant struct {
	clientID, username, scope string
	revoked                   bool
}

type refreshToken struct {
	grant *grant
	used  bool // rotated away: presenting it again is reuse (RFC 9700 §4.14.2)
}

type accessToken struct {
	username, scope string
	expires         time.Time
}

type pendingLogin struct {
	q       authorizeRequest
	expires time.Time
}

// store keeps every secret only as its SHA-256 digest.
type store struct {
	mu        sync.Mutex // guards everything below
	pending   map[string]*pendingLogin
	codes     map[string]*authCode
	access    map[string]*accessToken
	refresh   map[string]*refreshToken
	consented map[string]bool // username + "\x00" + clientID
}

func newStore() *store {
	return &store{pending: map[string]*pendingLogin{}, codes: map[string]*authCode{},
		access: map[string]*accessToken{}, refresh: map[string]*refreshToken{}, consented: map[string]bool{}}
}

func random() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return string(sum[:])
}

func (st *store) savePending(q authorizeRequest, now time.Time) string {
	id := random()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.pending[digest(id)] = &pendingLogin{q: q, expires: now.Add(10 * time.Minute)}
	return id
}

func (st *store) takePending(id string, now time.Time) (authorizeRequest, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, ok := st.pending[digest(id)]
	delete(st.pending, digest(id))
	if !ok || now.After(p.expires) {
		return authorizeRequest{}, false
	}
	return p.q, true
}

// newCode issues a code. Google's rule decides whether it will carry a refresh token:
// access_type=offline, and either the account's first offline consent to the client or
// prompt=consent.
func (st *store) newCode(q authorizeRequest, username string, now time.Time) string {
	code := random()
	st.mu.Lock()
	defer st.mu.Unlock()
	key := username + "\x00" + q.clientID
	offline := q.accessType == "offline" && (q.consent || !st.consented[key])
	st.consented[key] = st.consented[key] || offline
	st.codes[digest(code)] = &authCode{clientID: q.clientID, redirectURI: q.redirectURI, challenge: q.challenge,
		username: username, scope: q.scope, offline: offline, expires: now.Add(codeLifetime)}
	return code
}

// redeemCode spends a code once; check validates the request against it.
func (st *store) redeemCode(code string, now time.Time, check func(authCode) bool) (*authCode, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.codes[digest(code)]
	if !ok || c.used || now.After(c.expires) {
		return nil, errInvalidGrant
	}
	c.used = true
	if !check(*c) {
		return nil, errInvalidGrant
	}
	return c, nil
}

// issue makes an access token and, for a grant, a refresh token.
func (st *store) issue(username, scope string, g *grant, now time.Time, lifetime time.Duration) (access, refresh string) {
	access = AccessTokenPrefix + random()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.access[digest(access)] = &accessToken{username: username, scope: scope, expires: now.Add(lifetime)}
	if g != nil {
		refresh = RefreshTokenPrefix + random()
		st.refresh[digest(refresh)] = &refreshToken{grant: g}
	}
	return access, refresh
}

// rotate spends a refresh token of clientID and returns its grant. A spent token presented
// again revokes the grant: two parties hold it, one of them should not.
func (st *store) rotate(token, clientID string) (*grant, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rt, ok := st.refresh[digest(token)]
	if !ok || rt.grant.revoked || rt.grant.clientID != clientID {
		return nil, errInvalidGrant
	}
	if rt.used {
		rt.grant.revoked = true
		return nil, errInvalidGrant
	}
	rt.used = true
	return rt.grant, nil
}

func (st *store) liveAccess(token string, now time.Time) (accessToken, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	a, ok := st.access[digest(token)]
	if !ok || !now.Before(a.expires) {
		return accessToken{}, false
	}
	return *a, true
}

// revokeToken revokes a refresh token's grant, or ends an access token (RFC 7009 §2.1).
func (st *store) revokeToken(token, clientID string, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if rt, ok := st.refresh[digest(token)]; ok && rt.grant.clientID == clientID {
		rt.grant.revoked = true
	}
	if a, ok := st.access[digest(token)]; ok {
		a.expires = now
	}
}

func (st *store) expireAccess(username string, now time.Time) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for _, a := range st.access {
		if a.username == username && now.Before(a.expires) {
			a.expires = now
			n++
		}
	}
	return n
}

func (st *store) revokeRefresh(username string) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	seen := map[*grant]bool{}
	for _, rt := range st.refresh {
		if g := rt.grant; g.username == username && !g.revoked && !seen[g] {
			seen[g] = true
		}
	}
	for g := range seen {
		g.revoked = true
	}
	return len(seen)
}
