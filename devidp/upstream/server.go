// Package upstream is a small OAuth 2.0 provider (RFC 6749) for the development stack: the
// "third-party" provider that devidp federates login to and whose tokens devidp's credential
// vault keeps. It has its own login form, the code flow with PKCE S256 (RFC 7636), access
// tokens with a settable lifetime, refresh tokens that rotate and can be revoked, Google's
// access_type=offline / prompt=consent switch that decides whether a refresh token is
// issued, one protected API, GET /v1/me, and loopback-only test controls under /_admin/.
// State lives in memory; serve it on 127.0.0.1.
package upstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Token prefixes make the provider's secrets recognisable, so a test that scans every
// response for a leaked refresh token needs no list of the tokens issued.
const (
	// AccessTokenPrefix starts every access token.
	AccessTokenPrefix = "uat."
	// RefreshTokenPrefix starts every refresh token.
	RefreshTokenPrefix = "urt."
)

// DefaultAccessTokenLifetime is Google's access token lifetime (expires_in 3599).
const DefaultAccessTokenLifetime = time.Hour

// ErrInvalidConfig is wrapped by every error New returns for a Config it cannot serve.
var ErrInvalidConfig = errors.New("upstream: invalid config")

// Client is a registered confidential client (RFC 6749 §2.1): devidp, authenticating with
// HTTP Basic (§2.3.1), redirecting only to one of RedirectURIs (§3.1.2).
type Client struct {
	ID, Secret   string
	RedirectURIs []string
}

// Account is a user of the provider: the resource owner of /v1/me.
type Account struct {
	Sub, Username, Password, Email, Name string
}

// DemoAccounts returns the seeded accounts: alice / looking-glass (alice@example.com, the
// same address as devidp's alice, so devidp links them) and carol / carrots, who has no
// devidp account.
func DemoAccounts() []Account {
	return []Account{
		{Sub: "up-1001", Username: "alice", Password: "looking-glass", Email: "alice@example.com", Name: "Alice Liddell"},
		{Sub: "up-1002", Username: "carol", Password: "carrots", Email: "carol@example.com", Name: "Carol Carrot"},
	}
}

// Config describes one provider. Issuer and at least one client are required.
type Config struct {
	// Issuer is the base URL the handler is served at, without a trailing slash.
	Issuer string
	// Clients are the registered clients.
	Clients []Client
	// Accounts are the users the login form accepts; default DemoAccounts().
	Accounts []Account
	// AllowedOrigins may call /v1/me from a browser (CORS, Fetch Standard §3.2).
	AllowedOrigins []string
	// AccessTokenLifetime is the access token lifetime; default one hour.
	AccessTokenLifetime time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Server is the provider's http.Handler; its test controls are safe for concurrent use.
type Server struct {
	issuer   string
	basePath string
	clients  map[string]Client
	accounts []Account
	origins  map[string]bool
	now      func() time.Time

	mu       sync.Mutex // guards lifetime and counts
	lifetime time.Duration
	counts   map[string]int

	store *store
}

// New returns a provider for cfg, or an error wrapping ErrInvalidConfig.
func New(cfg Config) (*Server, error) {
	u, err := url.Parse(cfg.Issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.HasSuffix(cfg.Issuer, "/") {
		return nil, fmt.Errorf("%w: issuer %q must be an absolute http(s) URL without a trailing slash", ErrInvalidConfig, cfg.Issuer)
	}
	if len(cfg.Clients) == 0 {
		return nil, fmt.Errorf("%w: at least one client is required", ErrInvalidConfig)
	}
	if cfg.AccessTokenLifetime < 0 {
		return nil, fmt.Errorf("%w: negative access token lifetime", ErrInvalidConfig)
	}
	if cfg.AccessTokenLifetime == 0 {
		cfg.AccessTokenLifetime = DefaultAccessTokenLifetime
	}
	if cfg.Accounts == nil {
		cfg.Accounts = DemoAccounts()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{issuer: cfg.Issuer, basePath: strings.TrimSuffix(u.Path, "/"), clients: map[string]Client{},
		accounts: cfg.Accounts, origins: map[string]bool{}, now: cfg.Now, lifetime: cfg.AccessTokenLifetime,
		counts: map[string]int{}, store: newStore()}
	for _, c := range cfg.Clients {
		if c.ID == "" || c.Secret == "" || len(c.RedirectURIs) == 0 {
			return nil, fmt.Errorf("%w: client %q needs a secret and a redirect URI", ErrInvalidConfig, c.ID)
		}
		s.clients[c.ID] = c
	}
	for _, o := range cfg.AllowedOrigins {
		s.origins[strings.ToLower(strings.TrimSuffix(o, "/"))] = true
	}
	return s, nil
}

// AuthorizeURL is the authorization endpoint (RFC 6749 §3.1), for the client's configuration.
func (s *Server) AuthorizeURL() string { return s.issuer + "/authorize" }

// TokenURL is the token endpoint (RFC 6749 §3.2).
func (s *Server) TokenURL() string { return s.issuer + "/token" }

// MeURL is the protected API that answers the signed-in account.
func (s *Server) MeURL() string { return s.issuer + "/v1/me" }

// ServeHTTP routes a request to its endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, s.basePath)
	switch {
	case path == "/authorize" && r.Method == http.MethodGet:
		s.handleAuthorize(w, r)
	case path == "/authorize" && r.Method == http.MethodPost:
		s.handleLogin(w, r)
	case path == "/token" && r.Method == http.MethodPost:
		s.handleToken(w, r)
	case path == "/revoke" && r.Method == http.MethodPost:
		s.handleRevoke(w, r)
	case path == "/v1/me":
		s.handleMe(w, r)
	case (path == "/_admin/expire" || path == "/_admin/revoke") && r.Method == http.MethodPost:
		s.handleAdmin(w, r, path[len("/_admin/"):])
	default:
		http.NotFound(w, r)
	}
}

// SetAccessTokenLifetime changes the lifetime of access tokens issued from now on;
// non-positive values are ignored.
func (s *Server) SetAccessTokenLifetime(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lifetime = d
}

// ExpireAccessTokens ends every access token issued to the account at once, as if their
// lifetime had run out, and returns how many it ended.
func (s *Server) ExpireAccessTokens(username string) int {
	return s.store.expireAccess(username, s.now())
}

// RevokeRefreshTokens revokes every refresh token of the account, as a user does by
// removing the app's access in the provider's settings, and returns how many it revoked.
func (s *Server) RevokeRefreshTokens(username string) int {
	return s.store.revokeRefresh(username)
}

// Counts returns a snapshot of the request counters: "authorize", "login",
// "token:authorization_code", "token:refresh_token", "revoke" and "me".
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{"authorize": 0, "login": 0, "token:authorization_code": 0, "token:refresh_token": 0, "revoke": 0, "me": 0}
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounts sets every counter to zero.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]int{}
}

func (s *Server) inc(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[key]++
}

func (s *Server) accessLifetime() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lifetime
}

func (s *Server) account(username string) *Account {
	for i := range s.accounts {
		if s.accounts[i].Username == username {
			return &s.accounts[i]
		}
	}
	return nil
}

// writeJSON answers v as uncacheable JSON (RFC 6749 §5.1).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// oauthError is the error body of RFC 6749 §5.2.
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}
