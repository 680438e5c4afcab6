package devidp

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"net/url"
	"sync"
	"time"
)

// Vault outcomes besides a token.
var (
	// errNoCredentials: the vault holds nothing for this user at this connection.
	errNoCredentials = errors.New("devidp: no credentials for this connection")
	// errConsentRequired: the access token is too old and there is no usable refresh
	// token (never issued, or revoked upstream); only a new consent helps.
	errConsentRequired = errors.New("devidp: the connection must be re-consented")
	// errUpstreamUnavailable: the upstream refresh failed for another reason; try later.
	errUpstreamUnavailable = errors.New("devidp: the upstream provider is unavailable")
)

// vault is the credential vault: per user and connection, the upstream access token, its
// expiry and the upstream refresh token. Tokens are kept sealed with AES-256-GCM under a
// key made at start and bound to their user and connection, so no dump, %v or log line of
// the vault shows one; the refresh token is opened only to send it upstream.
type vault struct {
	aead cipher.AEAD

	mu      sync.Mutex // guards entries
	entries map[string]*vaultEntry
}

// vaultEntry is one user's credentials at one connection.
type vaultEntry struct {
	// mu is held across an upstream refresh, so concurrent requests wait for it
	// instead of refreshing again (spending a rotated token twice revokes the grant).
	mu        sync.Mutex
	access    []byte // sealed
	refresh   []byte // sealed; nil when the upstream issued none or revoked it
	expiresAt time.Time
	lifetime  time.Duration // what the access token had when stored
}

// due reports whether the access token must be refreshed before it is handed out: it has
// less than minRemaining to live, or less than half its lifetime when that is shorter, so
// a provider whose tokens live shorter than minRemaining is not refreshed on every call
// and the requests that waited for a refresh take its result.
func (e *vaultEntry) due(now time.Time, minRemaining time.Duration) bool {
	return e.expiresAt.Sub(now) < min(minRemaining, e.lifetime/2)
}

// Credentials is what the vault answers: an upstream access token and its expiry.
type Credentials struct {
	AccessToken string
	ExpiresAt   time.Time
}

func newVault() (*vault, error) {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &vault{aead: aead, entries: map[string]*vaultEntry{}}, nil
}

func vaultKey(sub, connection string) string { return sub + "\x00" + connection }

func (v *vault) seal(plain, key string) []byte {
	if plain == "" {
		return nil
	}
	nonce := make([]byte, v.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return v.aead.Seal(nonce, nonce, []byte(plain), []byte(key))
}

func (v *vault) open(sealed []byte, key string) (string, bool) {
	n := v.aead.NonceSize()
	if len(sealed) < n {
		return "", false
	}
	plain, err := v.aead.Open(nil, sealed[:n], sealed[n:], []byte(key))
	return string(plain), err == nil
}

func (v *vault) entry(sub, connection string, create bool) *vaultEntry {
	v.mu.Lock()
	defer v.mu.Unlock()
	e := v.entries[vaultKey(sub, connection)]
	if e == nil && create {
		e = &vaultEntry{}
		v.entries[vaultKey(sub, connection)] = e
	}
	return e
}

// store keeps the tokens of a sign-in. A sign-in that brought no refresh token keeps the
// one stored before: Google issues one only on the first offline consent, and losing it
// on every later sign-in is the trap Authress's page warns of.
func (v *vault) store(sub, connection, access, refresh string, expiresAt, now time.Time) {
	key := vaultKey(sub, connection)
	e := v.entry(sub, connection, true)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.access, e.expiresAt, e.lifetime = v.seal(access, key), expiresAt, expiresAt.Sub(now)
	if refresh != "" {
		e.refresh = v.seal(refresh, key)
	}
}

// has reports whether the vault holds credentials for the user at the connection.
func (v *vault) has(sub, connection string) bool { return v.entry(sub, connection, false) != nil }

// credentials answers the stored access token unless it is due, else refreshes it first with refresh (once for all concurrent callers), storing the
// rotated refresh token. A rejected refresh forgets the refresh token.
func (v *vault) credentials(ctx context.Context, sub, connection string, now func() time.Time, minRemaining time.Duration,
	refresh func(ctx context.Context, refreshToken string) (upstreamTokens, error)) (Credentials, error) {
	key := vaultKey(sub, connection)
	e := v.entry(sub, connection, false)
	if e == nil {
		return Credentials{}, errNoCredentials
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if access, ok := v.open(e.access, key); ok && !e.due(now(), minRemaining) {
		return Credentials{AccessToken: access, ExpiresAt: e.expiresAt}, nil
	}
	rt, ok := v.open(e.refresh, key)
	if !ok {
		return Credentials{}, errConsentRequired
	}
	t, err := refresh(ctx, rt)
	switch {
	case errors.Is(err, errUpstreamRejectedGrant):
		e.refresh = nil
		return Credentials{}, errConsentRequired
	case err != nil:
		return Credentials{}, errors.Join(errUpstreamUnavailable, err)
	}
	lifetime := time.Duration(t.ExpiresIn) * time.Second
	e.access, e.expiresAt, e.lifetime = v.seal(t.AccessToken, key), now().Add(lifetime), lifetime
	if t.RefreshToken != "" {
		e.refresh = v.seal(t.RefreshToken, key)
	}
	return Credentials{AccessToken: t.AccessToken, ExpiresAt: e.expiresAt}, nil
}

// expire marks the user's stored access token at the connection as expired and reports
// whether there was one.
func (v *vault) expire(sub, connection string, now time.Time) bool {
	e := v.entry(sub, connection, false)
	if e == nil {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.expiresAt = now
	return true
}

// upstreamRefreshTimeout bounds one upstream refresh, whoever waits for it.
const upstreamRefreshTimeout = 15 * time.Second

// refreshUpstream is the vault's refresh: the refresh_token grant at the connection
// (RFC 6749 §6).
func (s *Server) refreshUpstream(c Connection) func(context.Context, string) (upstreamTokens, error) {
	return func(ctx context.Context, refreshToken string) (upstreamTokens, error) {
		s.counts.inc("upstream_refresh")
		// A caller that gives up must not abort a rotation half-way: the upstream would
		// have spent the old refresh token and the vault would never learn the new one.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), upstreamRefreshTimeout)
		defer cancel()
		return s.upstreamToken(ctx, c, url.Values{"grant_type": {grantRefreshToken}, "refresh_token": {refreshToken}})
	}
}
