package backend

import (
	"net/http"
	"time"
)

const (
	// MaxTokenSize is the longest access token, in bytes, that JWTVerifier
	// parses. Authgear's tokens are far smaller; refusing longer ones before
	// decoding bounds the work an attacker can cause with an oversized
	// Authorization header.
	MaxTokenSize = 8 << 10

	// DefaultLeeway is the clock skew allowed when checking exp, nbf and iat
	// (RFC 7519 §4.1.4-§4.1.6 allow "some small leeway").
	DefaultLeeway = 30 * time.Second

	// DefaultRefreshInterval is how often the JWK Set is fetched again in the
	// background, so that retired keys stop being trusted (RFC 7517 §5).
	DefaultRefreshInterval = time.Hour

	// DefaultUnknownKIDRefreshEvery is the least time between two JWK Set
	// fetches caused by tokens whose "kid" (RFC 7515 §4.1.4) no held key
	// has. Such tokens wait for the next fetch, which all of them share, so
	// after a key rotation the first tokens of the new key verify within
	// about this long, however many forged kids arrive meanwhile, and the
	// provider sees at most one such fetch per this interval.
	DefaultUnknownKIDRefreshEvery = time.Second

	// defaultFetchTimeout bounds one discovery or JWK Set request, and the
	// time a request may wait for its unknown-kid fetch to start.
	defaultFetchTimeout = 10 * time.Second
)

// JWTOption configures NewJWTVerifier, in the functional-options style.
type JWTOption func(*jwtConfig)

type jwtConfig struct {
	audience        string
	leeway          time.Duration
	client          *http.Client
	clock           func() time.Time
	refreshInterval time.Duration
	unknownKIDEvery time.Duration
	unknownKIDBurst int
	publicURL       string        // WithPublicURL
	dpopWindow      time.Duration // WithDPoPWindow; 0 = dpop.DefaultWindow
	dpopSkew        time.Duration
	dpopMaxEntries  int // WithDPoPReplayCacheSize; 0 = dpop.DefaultMaxEntries
}

func newJWTConfig(endpoint string, opts []JWTOption) *jwtConfig {
	cfg := &jwtConfig{
		audience:        endpoint,
		leeway:          DefaultLeeway,
		client:          &http.Client{Timeout: defaultFetchTimeout},
		clock:           time.Now,
		refreshInterval: DefaultRefreshInterval,
		unknownKIDEvery: DefaultUnknownKIDRefreshEvery,
		unknownKIDBurst: 1,
	}
	for _, opt := range opts {
		opt(cfg)
	}
	return cfg
}

// WithAudience sets the value the token's "aud" claim must contain (RFC 7519
// §4.1.3). The default is the endpoint, because Authgear puts its endpoint in
// the aud of the access tokens it issues.
func WithAudience(aud string) JWTOption {
	return func(c *jwtConfig) { c.audience = aud }
}

// WithLeeway sets the clock skew allowed for exp, nbf and iat (RFC 7519
// §4.1.4-§4.1.6). The default is DefaultLeeway.
func WithLeeway(d time.Duration) JWTOption {
	return func(c *jwtConfig) { c.leeway = d }
}

// WithHTTPClient sets the client used for discovery and the JWK Set. The
// default client has a 10 s timeout.
func WithHTTPClient(client *http.Client) JWTOption {
	return func(c *jwtConfig) {
		if client != nil {
			c.client = client
		}
	}
}

// WithClock sets the time source used to check exp, nbf and iat (RFC 7519
// §4.1.4-§4.1.6), so tests need not wait for tokens to expire.
func WithClock(now func() time.Time) JWTOption {
	return func(c *jwtConfig) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithRefreshInterval sets how often the JWK Set is fetched in the background
// (default DefaultRefreshInterval); 0 turns the background fetch off, leaving
// only the fetch on an unknown kid.
func WithRefreshInterval(d time.Duration) JWTOption {
	return func(c *jwtConfig) { c.refreshInterval = d }
}

// WithUnknownKIDRateLimit sets how often tokens with an unknown kid (RFC
// 7515 §4.1.4) may cause a JWK Set fetch: burst fetches at once, then one per
// every. The default is one per DefaultUnknownKIDRefreshEvery. Concurrent
// tokens share one fetch; a request that would wait longer than 10 s for
// its fetch to start is rejected at once.
func WithUnknownKIDRateLimit(every time.Duration, burst int) JWTOption {
	return func(c *jwtConfig) {
		c.unknownKIDEvery = every
		c.unknownKIDBurst = max(burst, 1)
	}
}
