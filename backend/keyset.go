package backend

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"golang.org/x/time/rate"
)

// keyStore is the cached JWK Set (RFC 7517 §5) of one provider, as a
// jwkset.Storage for keyfunc. It replaces jwkset's HTTP storage and client
// for three reasons that their options cannot express: one bad key must not
// discard the others (parseJWKSet); an answer with no usable key must not
// replace good keys, since a verifier without keys turns every request into
// a 401 that signs users out; and the unknown-kid refresh must not be spent
// by forged kids (keyset_unknownkid.go). keyfunc still maps a token to its key.
type keyStore struct {
	url     string
	client  *http.Client
	life    context.Context // ends the background refresh and any fetch
	current atomic.Pointer[jwkset.MemoryJWKSet]
	fetchMu sync.Mutex // one fetch at a time, so an older answer never replaces a newer one

	unknown unknownKIDs
}

// newKeySet fetches the JWK Set once now (an error if that fails or yields
// no usable key), again every cfg.refreshInterval until life ends, and again
// when a token names an unknown kid, as unknownKIDs allows.
func newKeySet(life context.Context, jwksURI string, cfg *jwtConfig) (keyfunc.Keyfunc, error) {
	s := &keyStore{url: jwksURI, client: cfg.client, life: life}
	s.unknown = unknownKIDs{
		store:     s,
		limiter:   rate.NewLimiter(rate.Every(cfg.unknownKIDEvery), cfg.unknownKIDBurst),
		maxWait:   defaultFetchTimeout,
		absentFor: max(absentKIDMinimum, absentKIDFactor*cfg.unknownKIDEvery),
	}
	if err := s.refresh(); err != nil {
		return nil, fmt.Errorf("backend: fetching the JWK Set: %w", err)
	}
	if cfg.refreshInterval > 0 {
		go s.refreshEvery(cfg.refreshInterval)
	}
	return keyfunc.New(keyfunc.Options{Ctx: life, Storage: s})
}

// refreshEvery refetches the set in the background, so that retired keys
// stop being trusted; a failure keeps the keys held and is logged.
func (s *keyStore) refreshEvery(d time.Duration) {
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		select {
		case <-s.life.Done():
			return
		case <-tick.C:
			if err := s.refresh(); err != nil {
				slog.WarnContext(s.life, "backend: refreshing the JWK Set failed; keeping the keys held", "url", s.url, "error", err)
			}
		}
	}
}

// refresh fetches and parses the set and, if it holds a usable key, makes it
// the current one. On any failure the current keys stay.
func (s *keyStore) refresh() error {
	s.fetchMu.Lock()
	defer s.fetchMu.Unlock()
	ctx, cancel := context.WithTimeout(s.life, defaultFetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSetSize+1))
	if err != nil {
		return err
	}
	if len(body) > maxJWKSetSize {
		return fmt.Errorf("the JWK Set is larger than %d bytes", maxJWKSetSize)
	}
	set, skipped, err := parseJWKSet(body)
	for _, e := range skipped {
		slog.WarnContext(ctx, "backend: skipping a JWK the verifier cannot use", "url", s.url, "error", e)
	}
	if err != nil {
		return err
	}
	s.current.Store(set)
	return nil
}

// KeyRead returns the key named kid, refetching the set first when no held
// key has that kid (see unknownKIDs.lookup).
func (s *keyStore) KeyRead(ctx context.Context, kid string) (jwkset.JWK, error) {
	if jwk, err := s.current.Load().KeyRead(ctx, kid); err == nil {
		return jwk, nil
	}
	return s.unknown.lookup(ctx, kid)
}
