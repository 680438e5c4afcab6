package devidp

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"
)

// Store errors; the token endpoint answers each with invalid_grant (RFC 6749 §5.2).
var (
	errUnknownGrant   = errors.New("devidp: unknown, expired or revoked grant")
	errCodeReplayed   = errors.New("devidp: authorization code used twice")
	errTokenReused    = errors.New("devidp: rotated refresh token used again")
	errClientMismatch = errors.New("devidp: token issued to another client")
)

// authCode is an issued authorization code (RFC 6749 §4.1.2) and what it was issued for.
type authCode struct {
	req        authRequest
	username   string
	authTime   time.Time
	idpSession string // id of the IdP session it came from, if any
	connection string // the upstream connection the user signed in through, if any
	expires    time.Time
	used       bool
	grantID    string // the grant it was exchanged for
}

// grant is an offline grant: the session that access and refresh tokens belong to; its id
// is the tokens' sid.
type grant struct {
	id, clientID, username, scope, nonce, idpSession string
	connection                                       string // the sign-in connection, if any
	dpopJKT                                          string // the DPoP key it is bound to (RFC 9449 §5), if any
	authTime                                         time.Time
	revoked                                          bool
}

// refreshToken records which grant a refresh token belongs to and whether rotation spent it.
type refreshToken struct {
	grantID string
	used    bool
}

// idpSession is the provider's own browser session behind the session cookie.
type idpSession struct {
	id, username string
	connection   string // the sign-in connection, if any
	authTime     time.Time
	revoked      bool
}

// pendingRequest is an authorization request waiting for the login form.
type pendingRequest struct {
	req     authRequest
	expires time.Time
}

// store is the in-memory state. Secrets (codes, refresh tokens, cookies) are kept only as
// SHA-256 digests, so a lookup never compares the secret itself.
type store struct {
	mu       sync.Mutex // guards everything below
	pending  map[string]*pendingRequest
	codes    map[string]*authCode
	grants   map[string]*grant
	refresh  map[string]*refreshToken
	sessions map[string]*idpSession
	// Authgear's app sessions (app_session_store.go): one-use tokens and the cookies
	// they become, both mapped to the grant they act for.
	appTokens   map[string]*appSessionToken
	appSessions map[string]string
}

func newStore() *store {
	return &store{
		pending:     map[string]*pendingRequest{},
		codes:       map[string]*authCode{},
		grants:      map[string]*grant{},
		refresh:     map[string]*refreshToken{},
		sessions:    map[string]*idpSession{},
		appTokens:   map[string]*appSessionToken{},
		appSessions: map[string]string{},
	}
}

// randomToken returns 32 random bytes, base64url-encoded (RFC 6749 §10.10).
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b64(b)
}

// digest is the map key of a secret.
func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return string(sum[:])
}

func (st *store) savePending(req authRequest, now time.Time) string {
	id := randomToken()
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, p := range st.pending {
		if now.After(p.expires) {
			delete(st.pending, k)
		}
	}
	st.pending[digest(id)] = &pendingRequest{req: req, expires: now.Add(pendingLifetime)}
	return id
}

// pendingRequest returns the request behind a login form; take also forgets it.
func (st *store) pendingRequest(id string, now time.Time, take bool) (authRequest, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, ok := st.pending[digest(id)]
	if !ok || now.After(p.expires) {
		return authRequest{}, false
	}
	if take {
		delete(st.pending, digest(id))
	}
	return p.req, true
}

func (st *store) newCode(c authCode) string {
	code := randomToken()
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, old := range st.codes {
		if c.expires.Sub(old.expires) > pendingLifetime {
			delete(st.codes, k) // long expired: forget, replays now look unknown
		}
	}
	st.codes[digest(code)] = &c
	return code
}

// exchangeCode spends a code once (RFC 6749 §4.1.2). check validates the request against
// it; on success a grant and its first refresh token are made. A second use revokes the
// grant the first use made.
func (st *store) exchangeCode(code string, now time.Time, check func(authCode) error) (grant, string, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.codes[digest(code)]
	if !ok {
		return grant{}, "", errUnknownGrant
	}
	if c.used {
		if g, ok := st.grants[c.grantID]; ok {
			g.revoked = true
		}
		return grant{}, "", errCodeReplayed
	}
	c.used = true
	if now.After(c.expires) {
		return grant{}, "", errUnknownGrant
	}
	if err := check(*c); err != nil {
		return grant{}, "", err
	}
	if c.req.hint.sid != "" {
		if g, ok := st.reauthenticateGrant(c); ok {
			c.grantID = g.id
			return g, "", nil // no offline_access: the session keeps its refresh token
		}
	}
	g := &grant{id: randomToken()[:22], clientID: c.req.clientID, username: c.username,
		scope: c.req.scope, nonce: c.req.nonce, idpSession: c.idpSession, connection: c.connection, authTime: c.authTime}
	st.grants[g.id] = g
	c.grantID = g.id
	if !slices.Contains(strings.Fields(c.req.scope), "offline_access") {
		return *g, "", nil // a refresh token only for offline_access (OIDC Core §11)
	}
	rt := randomToken()
	st.refresh[digest(rt)] = &refreshToken{grantID: g.id}
	return *g, rt, nil
}

// useRefreshToken validates a refresh token for clientID (RFC 6749 §6). With rotate it
// spends the token and returns a new one; a spent token presented again revokes the whole
// grant (RFC 9700 §4.14.2).
func (st *store) useRefreshToken(token, clientID string, rotate bool) (grant, string, error) {
	return st.useBoundRefreshToken(token, clientID, rotate, nil)
}

// useBoundRefreshToken is useRefreshToken with check (when not nil) run on the grant
// before the token is spent: a refused request changes nothing.
func (st *store) useBoundRefreshToken(token, clientID string, rotate bool, check func(grant) error) (grant, string, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rt, ok := st.refresh[digest(token)]
	if !ok {
		return grant{}, "", errUnknownGrant
	}
	g, ok := st.grants[rt.grantID]
	if !ok || g.revoked {
		return grant{}, "", errUnknownGrant
	}
	if g.clientID != clientID {
		return grant{}, "", errClientMismatch
	}
	if check != nil {
		if err := check(*g); err != nil {
			return grant{}, "", err
		}
	}
	if rt.used {
		g.revoked = true
		return grant{}, "", errTokenReused
	}
	if !rotate {
		return *g, token, nil
	}
	rt.used = true
	next := randomToken()
	st.refresh[digest(next)] = &refreshToken{grantID: g.id}
	return *g, next, nil
}

// bindGrant binds an unbound grant to a DPoP key and returns it; a bound grant keeps
// its key (the caller compares).
func (st *store) bindGrant(id, jkt string) (grant, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	g, ok := st.grants[id]
	if !ok || g.revoked {
		return grant{}, errUnknownGrant
	}
	if g.dpopJKT == "" {
		g.dpopJKT = jkt
	}
	return *g, nil
}

// revokeRefreshToken revokes the grant of a refresh token issued to clientID (RFC 7009 §2.1);
// an empty clientID matches any client.
func (st *store) revokeRefreshToken(token, clientID string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if rt, ok := st.refresh[digest(token)]; ok {
		if g, ok := st.grants[rt.grantID]; ok && (clientID == "" || g.clientID == clientID) {
			g.revoked = true
		}
	}
}

// liveGrant returns the grant with that id unless it is unknown or revoked.
func (st *store) liveGrant(id string) (grant, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	g, ok := st.grants[id]
	if !ok || g.revoked {
		return grant{}, false
	}
	return *g, true
}

// newSession starts an IdP session and returns its cookie value.
func (st *store) newSession(username, connection string, authTime time.Time) (string, idpSession) {
	cookie := randomToken()
	s := &idpSession{id: randomToken()[:22], username: username, connection: connection, authTime: authTime}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sessions[digest(cookie)] = s
	return cookie, *s
}

// liveSession returns the IdP session behind a cookie value unless it is unknown or revoked.
func (st *store) liveSession(cookie string) (idpSession, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s, ok := st.sessions[digest(cookie)]
	if !ok || s.revoked {
		return idpSession{}, false
	}
	return *s, true
}

// endSession revokes the IdP session behind a cookie and the grants made from it, as
// Authgear's logout does with SSO.
func (st *store) endSession(cookie string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s, ok := st.sessions[digest(cookie)]
	if !ok {
		return
	}
	s.revoked = true
	for _, g := range st.grants {
		if g.idpSession == s.id {
			g.revoked = true
		}
	}
}

// revokeUser revokes every live grant and IdP session of a user and counts them.
func (st *store) revokeUser(username string) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for _, g := range st.grants {
		if g.username == username && !g.revoked {
			g.revoked = true
			n++
		}
	}
	for _, s := range st.sessions {
		if s.username == username && !s.revoked {
			s.revoked = true
			n++
		}
	}
	return n
}
