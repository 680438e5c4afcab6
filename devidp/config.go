package devidp

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrInvalidConfig is wrapped by every error New returns for a Config it cannot serve.
var ErrInvalidConfig = errors.New("devidp: invalid config")

// Defaults that mirror Authgear's, so tests against the double see the real provider's timing.
const (
	// DefaultAccessTokenLifetime is Authgear's access token lifetime (expires_in 1800,
	// RFC 6749 §5.1).
	DefaultAccessTokenLifetime = 30 * time.Minute
	// DefaultClientID is the client registered when Config.ClientIDs is empty.
	DefaultClientID = "demo"
	// DefaultCookieName names the IdP session cookie when Config.CookieName is empty.
	DefaultCookieName = "session"

	codeLifetime    = 60 * time.Second // RFC 6749 §4.1.2: short-lived, 10 min at most
	pendingLifetime = 10 * time.Minute // how long a login form stays answerable
)

// Config describes one development provider. Issuer is required; every other field has the
// default its comment names.
type Config struct {
	// Issuer is the base URL the handler is served at, without a trailing slash
	// (OpenID Connect Discovery 1.0 §3, "issuer"). Endpoint paths are relative to it.
	Issuer string
	// ClientIDs lists the registered public clients (RFC 6749 §2.1); default {"demo"}.
	ClientIDs []string
	// AllowedOrigins lists the app origins: the CORS allow-list, and the only origins a
	// redirect_uri or post_logout_redirect_uri may have (RFC 6749 §3.1.2.2).
	AllowedOrigins []string
	// Users are the accounts the login form accepts; default DemoUsers().
	Users []User
	// AccessTokenLifetime is the access token's lifetime; default 30 minutes.
	AccessTokenLifetime time.Duration
	// RotateRefreshTokens makes every refresh answer a new refresh token and treat a spent
	// one as reuse (OAuth 2.0 Security BCP, RFC 9700 §4.14.2). Default off, as Authgear.
	RotateRefreshTokens bool
	// CookieName names the IdP session cookie; default "session".
	CookieName string
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Connections are the upstream providers users may sign in through; their tokens go
	// into the credential vault.
	Connections []Connection
	// VaultMinRemaining is the least lifetime an upstream access token must have left for
	// the vault to answer it without refreshing; default DefaultVaultMinRemaining.
	VaultMinRemaining time.Duration
	// DisableDPoP turns DPoP (RFC 9449) off: discovery then omits
	// dpop_signing_alg_values_supported and proofs are ignored. Default on (dpop.go says why).
	DisableDPoP bool
	// RequireDPoP refuses token requests without a DPoP proof (invalid_dpop_proof).
	RequireDPoP bool
	// RequireDPoPNonce makes token requests carry the provider's DPoP-Nonce (RFC 9449 §8).
	RequireDPoPNonce bool
	// UpstreamClient makes devidp's back-channel calls to the connections; default an
	// http.Client with a 10-second timeout.
	UpstreamClient *http.Client
}

// withDefaults returns a copy of cfg with defaults filled in, or an error wrapping
// ErrInvalidConfig.
func (cfg Config) withDefaults() (Config, error) {
	u, err := url.Parse(cfg.Issuer)
	if err != nil || cfg.Issuer == "" || (u.Scheme != "http" && u.Scheme != "https") ||
		u.Host == "" || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(cfg.Issuer, "/") {
		return cfg, fmt.Errorf("%w: issuer %q must be an absolute http(s) URL without a trailing slash", ErrInvalidConfig, cfg.Issuer)
	}
	if len(cfg.ClientIDs) == 0 {
		cfg.ClientIDs = []string{DefaultClientID}
	}
	origins := make([]string, 0, len(cfg.AllowedOrigins))
	for _, o := range cfg.AllowedOrigins {
		n, ok := normalizeOrigin(o)
		if !ok {
			return cfg, fmt.Errorf("%w: allowed origin %q is not scheme://host[:port]", ErrInvalidConfig, o)
		}
		origins = append(origins, n)
	}
	cfg.AllowedOrigins = origins
	if cfg.Users == nil {
		cfg.Users = DemoUsers()
	}
	seen := map[string]bool{}
	for _, u := range cfg.Users {
		if u.Sub == "" || u.Username == "" || seen[u.Username] {
			return cfg, fmt.Errorf("%w: user %q needs a sub and a unique username", ErrInvalidConfig, u.Username)
		}
		seen[u.Username] = true
	}
	if cfg.AccessTokenLifetime < 0 {
		return cfg, fmt.Errorf("%w: negative access token lifetime", ErrInvalidConfig)
	}
	if cfg.AccessTokenLifetime == 0 {
		cfg.AccessTokenLifetime = DefaultAccessTokenLifetime
	}
	if cfg.CookieName == "" {
		cfg.CookieName = DefaultCookieName
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	seenConn := map[string]bool{}
	for _, c := range cfg.Connections {
		if err := c.validate(); err != nil {
			return cfg, err
		}
		if seenConn[c.ID] {
			return cfg, fmt.Errorf("%w: connection %q twice", ErrInvalidConfig, c.ID)
		}
		seenConn[c.ID] = true
	}
	if cfg.VaultMinRemaining < 0 {
		return cfg, fmt.Errorf("%w: negative vault minimum remaining lifetime", ErrInvalidConfig)
	}
	if cfg.VaultMinRemaining == 0 {
		cfg.VaultMinRemaining = DefaultVaultMinRemaining
	}
	if cfg.UpstreamClient == nil {
		cfg.UpstreamClient = &http.Client{Timeout: 10 * time.Second}
	}
	return cfg, nil
}

// normalizeOrigin reduces an origin (RFC 6454 §6.1) to lower-case scheme://host[:port],
// reporting false for anything that is not a bare origin.
func normalizeOrigin(origin string) (string, bool) {
	u, err := url.Parse(strings.TrimSuffix(origin, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil {
		return "", false
	}
	return strings.ToLower(u.Scheme) + "://" + loopbackAlike(u.Host), true
}

// loopbackAlike lower-cases a host[:port] and writes the loopback names localhost and
// [::1] as 127.0.0.1, so an app allowed as http://127.0.0.1:5173 may also be opened as
// http://localhost:5173 (and the reverse): a developer should not have to know which one
// the dev server printed. The port still has to match.
func loopbackAlike(hostport string) string {
	hostport = strings.ToLower(hostport)
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	if host == "localhost" || host == "::1" || host == "[::1]" {
		host = "127.0.0.1"
	}
	if port == "" {
		return host
	}
	return net.JoinHostPort(host, port)
}

// originOf returns the origin of an absolute URL, reporting false when raw is not one
// or carries a fragment (RFC 6749 §3.1.2).
func originOf(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Fragment != "" {
		return "", false
	}
	return strings.ToLower(u.Scheme) + "://" + loopbackAlike(u.Host), true
}
