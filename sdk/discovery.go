package sdk

import (
	"context"
	"errors"
	"strings"
)

// providerMetadata is the part of the OpenID Provider Metadata (OIDC Discovery 1.0 §3,
// RFC 8414 §2) the SDK uses.
type providerMetadata struct {
	issuer                string
	authorizationEndpoint string
	tokenEndpoint         string
	userinfoEndpoint      string
	revocationEndpoint    string
	endSessionEndpoint    string
	jwksURI               string // the keys that sign ID tokens (OIDC Discovery 1.0 §3)
	// scopesSupported is nil when the document has no scopes_supported list (§3: the
	// list is RECOMMENDED, and a provider may support more than it lists).
	scopesSupported []string
	// issParameter is RFC 9207 §3's authorization_response_iss_parameter_supported: the
	// provider puts iss in every authorization response, so one without it is forged.
	issParameter bool
	// dpopAlgs is dpop_signing_alg_values_supported (RFC 9449 §5.1): the provider binds
	// tokens to a key when it lists an algorithm the SDK signs with.
	dpopAlgs []string
}

// discover returns the provider metadata of cfg's endpoint, fetched once per endpoint for
// the container's life (OIDC Discovery 1.0 §4). A failed fetch is not cached, so the next
// call tries again. Failures wrap ErrDiscovery.
func (p *provider) discover(ctx context.Context, cfg *config) (*providerMetadata, error) {
	meta, err := p.fetchDiscovery(ctx, cfg)
	if errors.Is(err, ErrInvalidDiscovery) {
		return nil, err
	}
	if err != nil {
		return nil, &discoveryError{err}
	}
	return meta, nil
}

func (p *provider) fetchDiscovery(ctx context.Context, cfg *config) (*providerMetadata, error) {
	p.mu.Lock()
	meta := p.discovery[cfg.Endpoint]
	p.mu.Unlock()
	if meta != nil {
		return meta, nil
	}
	resp, err := p.send(ctx, &Request{
		Method:      "GET",
		URL:         cfg.Endpoint + "/.well-known/openid-configuration",
		Credentials: credentialsOmit,
	})
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		return nil, serverError(resp)
	}
	obj, err := decodeObject(resp.Body)
	if err != nil {
		return nil, malformedBody(resp, err)
	}
	if err := checkDiscovery(p.urls, cfg, obj); err != nil {
		return nil, err
	}
	meta = &providerMetadata{
		issuer:                stringField(obj, "issuer"),
		authorizationEndpoint: stringField(obj, "authorization_endpoint"),
		tokenEndpoint:         stringField(obj, "token_endpoint"),
		userinfoEndpoint:      stringField(obj, "userinfo_endpoint"),
		revocationEndpoint:    stringField(obj, "revocation_endpoint"),
		endSessionEndpoint:    stringField(obj, "end_session_endpoint"),
		jwksURI:               stringField(obj, "jwks_uri"),
		scopesSupported:       stringsField(obj, "scopes_supported"),
		issParameter:          obj["authorization_response_iss_parameter_supported"] == true,
		dpopAlgs:              stringsField(obj, "dpop_signing_alg_values_supported"),
	}
	p.mu.Lock()
	if p.discovery == nil {
		p.discovery = map[string]*providerMetadata{}
	}
	p.discovery[cfg.Endpoint] = meta
	p.mu.Unlock()
	return meta, nil
}

// stringsField reads a JSON array of strings, skipping other members; nil when the
// field is absent or not an array.
func stringsField(obj map[string]any, key string) []string {
	items, ok := obj[key].([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// need returns an endpoint of the metadata, or an error naming the missing field.
func need(endpoint, field string) (string, error) {
	if endpoint == "" {
		return "", &discoveryError{&messageError{msg: "the provider's discovery document has no " + field}}
	}
	return endpoint, nil
}

// withQuery appends an encoded query to an endpoint that may already have one.
func withQuery(endpoint, query string) string {
	if query == "" {
		return endpoint
	}
	if strings.Contains(endpoint, "?") {
		return endpoint + "&" + query
	}
	return endpoint + "?" + query
}
