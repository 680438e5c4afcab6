package backend

import (
	"net/http"
	"time"
)

// DefaultCacheTTL is how long a valid resolver answer is reused. It is the
// trade-off of resolver mode: a session revoked in the portal is still
// accepted for up to this long, in exchange for one resolver call per
// credential per TTL instead of one per request. WithCacheTTL(0) makes every
// request ask.
const DefaultCacheTTL = 5 * time.Second

// defaultResolverTimeout bounds one resolver call with the default client.
const defaultResolverTimeout = 5 * time.Second

// ResolverOption configures NewResolver, in the functional-options style.
type ResolverOption func(*resolverConfig)

type resolverConfig struct {
	client    *http.Client
	clock     func() time.Time
	cacheTTL  time.Duration
	cacheSize int
}

func newResolverConfig(opts []ResolverOption) *resolverConfig {
	cfg := &resolverConfig{
		client: &http.Client{
			Timeout: defaultResolverTimeout,
			// A redirect is not an answer; never carry credentials elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		clock:     time.Now,
		cacheTTL:  DefaultCacheTTL,
		cacheSize: DefaultCacheSize,
	}
	for _, opt := range opts {
		opt(cfg)
	}
	return cfg
}

// WithResolverHTTPClient sets the client used to call the resolver. The
// default has a 5 s timeout and does not follow redirects.
func WithResolverHTTPClient(client *http.Client) ResolverOption {
	return func(c *resolverConfig) {
		if client != nil {
			c.client = client
		}
	}
}

// WithCacheTTL sets how long a valid answer is reused (default
// DefaultCacheTTL); 0 disables the cache. See DefaultCacheTTL for the
// revocation trade-off.
func WithCacheTTL(d time.Duration) ResolverOption {
	return func(c *resolverConfig) { c.cacheTTL = d }
}

// WithCacheSize bounds the number of cached answers (default
// DefaultCacheSize); 0 disables the cache.
func WithCacheSize(n int) ResolverOption {
	return func(c *resolverConfig) { c.cacheSize = n }
}

// WithResolverClock sets the time source of the cache, so tests can expire
// entries without waiting.
func WithResolverClock(now func() time.Time) ResolverOption {
	return func(c *resolverConfig) {
		if now != nil {
			c.clock = now
		}
	}
}
