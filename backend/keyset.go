package backend

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"golang.org/x/time/rate"
)

// newKeySet builds the cached JWK Set (RFC 7517 §5) behind a keyfunc: fetched
// once now (an error if that fails), again every cfg.refreshInterval until
// life ends, and again when a token names an unknown kid, at most as often as
// the rate limit allows.
func newKeySet(life context.Context, jwksURI string, cfg *jwtConfig) (keyfunc.Keyfunc, error) {
	remote, err := jwkset.NewStorageFromHTTP(jwksURI, jwkset.HTTPClientStorageOptions{
		Client:          cfg.client,
		Ctx:             life,
		HTTPTimeout:     defaultFetchTimeout,
		RefreshInterval: cfg.refreshInterval,
		RefreshErrorHandler: func(ctx context.Context, err error) {
			slog.WarnContext(ctx, "backend: refreshing the JWK Set failed", "url", jwksURI, "error", err)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("backend: fetching the JWK Set: %w", err)
	}
	storage, err := jwkset.NewHTTPClient(jwkset.HTTPClientOptions{
		HTTPURLs:          map[string]jwkset.Storage{jwksURI: remote},
		RateLimitWaitMax:  defaultFetchTimeout,
		RefreshUnknownKID: rate.NewLimiter(rate.Every(cfg.unknownKIDEvery), cfg.unknownKIDBurst),
	})
	if err != nil {
		return nil, fmt.Errorf("backend: JWK Set storage: %w", err)
	}
	return keyfunc.New(keyfunc.Options{Ctx: life, Storage: storage})
}
