package sdk

import (
	"context"
	"sync"
	"time"
)

// jwksRefetchInterval bounds how often a kid missing from the cached JWK Set fetches the
// set again: a provider that rotates its key (OIDC Core §10.1.1) is followed within one
// request, and tokens naming keys that do not exist cause at most one fetch per interval.
const jwksRefetchInterval = 30 * time.Second

// keyCache holds the provider's JWK Sets (RFC 7517 §5) by jwks_uri for the container's
// life. One fetch runs at a time, so callers that miss together share its result.
type keyCache struct {
	fetching sync.Mutex // held while a set is fetched

	mu   sync.Mutex         // guards sets
	sets map[string]*jwkSet // by jwks_uri
}

// jwkSet is one fetched JWK Set.
type jwkSet struct {
	keys      []JWK
	fetchedAt time.Time
}

// key returns the key of the set at jwksURI that kid names and that fits alg. An unknown
// kid refetches the set once, unless it was fetched less than jwksRefetchInterval ago.
func (kc *keyCache) key(ctx context.Context, p *provider, jwksURI, kid, alg string) (*JWK, error) {
	set := kc.cached(jwksURI)
	if k := set.find(kid, alg); k != nil {
		return k, nil
	}
	if set != nil && p.clock.Now().Sub(set.fetchedAt) < jwksRefetchInterval {
		return nil, noKeyError(kid)
	}
	kc.fetching.Lock()
	defer kc.fetching.Unlock()
	if latest := kc.cached(jwksURI); latest != set {
		set = latest // another caller fetched while this one waited
	} else {
		fetched, err := p.fetchKeys(ctx, jwksURI)
		if err != nil {
			return nil, err
		}
		set = kc.store(jwksURI, fetched)
	}
	if k := set.find(kid, alg); k != nil {
		return k, nil
	}
	return nil, noKeyError(kid)
}

// prefetch fetches the JWK Set in the background when none is cached, so that the ID
// token of the token request about to be sent is verified without a second round trip
// after it: the refresh holds the cross-tab lock, and its new access token's lifetime
// runs from the answer. The check that follows waits for this fetch and uses its set.
// A login does not prefetch: it holds no lock, and a second connection opened next to
// the code exchange changes how the browser pools and retries them.
func (kc *keyCache) prefetch(ctx context.Context, p *provider, jwksURI string) {
	if jwksURI != "" && kc.cached(jwksURI) == nil {
		go func() { _, _ = kc.key(ctx, p, jwksURI, "", "") }()
	}
}

// store caches a fetched set and returns it.
func (kc *keyCache) store(jwksURI string, set *jwkSet) *jwkSet {
	kc.mu.Lock()
	defer kc.mu.Unlock()
	if kc.sets == nil {
		kc.sets = map[string]*jwkSet{}
	}
	kc.sets[jwksURI] = set
	return set
}

func noKeyError(kid string) error {
	if len(kid) > 64 {
		kid = kid[:64] + "…"
	}
	return wrapError(ErrInvalidIDToken, "no key of the provider's JWK Set matches (kid \""+kid+"\")")
}

func (kc *keyCache) cached(jwksURI string) *jwkSet {
	kc.mu.Lock()
	defer kc.mu.Unlock()
	return kc.sets[jwksURI]
}

// find is the key kid names; without a kid, the only key that fits alg (OIDC Core §10.1:
// a set of several keys requires a kid).
func (s *jwkSet) find(kid, alg string) *JWK {
	if s == nil {
		return nil
	}
	var only *JWK
	for i := range s.keys {
		k := &s.keys[i]
		if !k.fits(alg) {
			continue
		}
		if kid != "" && k.Kid == kid {
			return k
		}
		if kid == "" {
			if only != nil {
				return nil
			}
			only = k
		}
	}
	return only
}

// fetchKeys GETs a JWK Set. Members that are not usable public keys are skipped, so
// one odd key (another kty, a private part missing) never hides the others.
func (p *provider) fetchKeys(ctx context.Context, jwksURI string) (*jwkSet, error) {
	resp, err := p.send(ctx, &Request{Method: "GET", URL: jwksURI, Credentials: credentialsOmit})
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		return nil, serverError(resp)
	}
	obj, err := decodeObject(resp.Body)
	if err != nil {
		return nil, serverError(resp)
	}
	return &jwkSet{keys: parseJWKs(obj), fetchedAt: p.clock.Now()}, nil
}

// parseJWKs reads the "keys" member of a JWK Set (RFC 7517 §5.1).
func parseJWKs(set map[string]any) []JWK {
	items, _ := set["keys"].([]any)
	out := make([]JWK, 0, len(items))
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		out = append(out, JWK{Kty: stringField(m, "kty"), Kid: stringField(m, "kid"), Use: stringField(m, "use"),
			Alg: stringField(m, "alg"), N: stringField(m, "n"), E: stringField(m, "e"),
			Crv: stringField(m, "crv"), X: stringField(m, "x"), Y: stringField(m, "y")})
	}
	return out
}
