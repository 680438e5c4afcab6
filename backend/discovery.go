package backend

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// maxDiscoveryBody bounds the discovery document we are willing to read.
const maxDiscoveryBody = 1 << 20

// providerMetadata holds the two fields of the OpenID Provider Metadata
// (OpenID Connect Discovery 1.0 §3) that JWT checking needs.
type providerMetadata struct {
	Issuer  string `json:"issuer"`
	JWKSURI string `json:"jwks_uri"`
}

// discover fetches ${endpoint}/.well-known/openid-configuration (Discovery
// §4.1) and checks that the issuer it names is the endpoint itself (§4.3):
// otherwise a document served from one host could make us trust another's
// tokens.
func discover(ctx context.Context, client *http.Client, endpoint string) (providerMetadata, error) {
	var meta providerMetadata
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"/.well-known/openid-configuration", nil)
	if err != nil {
		return meta, fmt.Errorf("%w: %w", ErrDiscovery, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return meta, fmt.Errorf("%w: %w", ErrDiscovery, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return meta, fmt.Errorf("%w: status %d", ErrDiscovery, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxDiscoveryBody)).Decode(&meta); err != nil {
		return meta, fmt.Errorf("%w: decoding the document: %w", ErrDiscovery, err)
	}
	if meta.Issuer != endpoint {
		return meta, fmt.Errorf("%w: issuer %q is not the endpoint %q", ErrDiscovery, meta.Issuer, endpoint)
	}
	u, err := url.Parse(meta.JWKSURI)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return meta, fmt.Errorf("%w: jwks_uri %q is not an absolute http(s) URL", ErrDiscovery, meta.JWKSURI)
	}
	return meta, nil
}
