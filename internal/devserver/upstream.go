package devserver

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/devidp/upstream"
)

// UpstreamConnection is the ID of the demo's upstream connection: the oauthProviderAlias
// that signs in through the upstream provider.
const UpstreamConnection = "upstream"

// upstreamClientID is devidp's client ID at the upstream provider.
const upstreamClientID = "devidp"

// startUpstream serves the upstream provider with devidp registered as its confidential
// client (a fresh secret per start) and returns devidp's connection to it.
func (s *Server) startUpstream(life context.Context, cfg Config, ln net.Listener, logf func(string, ...any)) (devidp.Connection, error) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	secret := base64.RawURLEncoding.EncodeToString(b)
	up, err := upstream.New(upstream.Config{
		Issuer:              s.UpstreamURL,
		Clients:             []upstream.Client{{ID: upstreamClientID, Secret: secret, RedirectURIs: []string{s.IdPURL + devidp.CallbackPath}}},
		AllowedOrigins:      []string{s.AppURL},
		AccessTokenLifetime: cfg.UpstreamAccessTokenLifetime,
	})
	if err != nil {
		return devidp.Connection{}, fmt.Errorf("devserver: %w", err)
	}
	s.Upstream = up
	s.serve(life, ln, logRequests(logf, "upstream", cfg.Secrets.wrap("upstream", up)))
	return devidp.Connection{ID: UpstreamConnection, AuthorizeURL: up.AuthorizeURL(), TokenURL: up.TokenURL(),
		UserInfoURL: up.MeURL(), ClientID: upstreamClientID, ClientSecret: secret, Scope: "profile"}, nil
}
