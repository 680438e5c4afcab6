// Package devserver assembles the servers of `make demo` and of the end-to-end tests:
// the development OpenID provider (devidp) on one loopback origin, the upstream OAuth 2.0
// provider it federates to (connection "upstream") on a second, and on a third the demo
// app — index.html, the built SDK in web/dist, /demo-config.js and a small demo API
// protected by the backend package. All listen on 127.0.0.1 only.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/wasmgear/wasmgear/backend"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/devidp/upstream"
)

// ErrInvalidConfig is wrapped by every error Start returns for a Config it refuses,
// such as a missing Root or a listen address that is not loopback.
var ErrInvalidConfig = errors.New("devserver: invalid config")

// Defaults of Config's zero fields.
const (
	// DefaultAddr is the listen address of both origins when Config leaves it empty:
	// loopback, on a port the kernel picks.
	DefaultAddr = "127.0.0.1:0"
	// DefaultClientID is the OAuth client (RFC 6749 §2.2) the demo page registers as.
	DefaultClientID = devidp.DefaultClientID

	shutdownTimeout   = 5 * time.Second
	readHeaderTimeout = 10 * time.Second
)

// NoResolverCache is the Config.ResolverCacheTTL that turns resolver mode's cache off:
// every API request asks the resolver, so revocation is seen at once (the trade-off
// backend.DefaultCacheTTL describes).
const NoResolverCache time.Duration = -1

// Config describes the demo servers. Root is required; every other field has the
// default its comment names.
type Config struct {
	// Root is the directory that holds index.html and web/dist/ (the repository root).
	Root string
	// AppAddr, IdPAddr and UpstreamAddr are the listen addresses of the app, the provider
	// and the upstream provider; default "127.0.0.1:0" each. Only loopback hosts are
	// accepted: these are test doubles and must never be reachable from another machine.
	AppAddr, IdPAddr, UpstreamAddr string
	// UpstreamAccessTokenLifetime is the upstream provider's access token lifetime; 0
	// means upstream.DefaultAccessTokenLifetime.
	UpstreamAccessTokenLifetime time.Duration
	// VaultMinRemaining is the least lifetime an upstream access token must have left for
	// the vault to answer it unrefreshed; 0 means devidp.DefaultVaultMinRemaining.
	VaultMinRemaining time.Duration
	// Secrets, when set, scans every response and request URL of the three origins and
	// every log line for leaked upstream refresh tokens and access keys.
	Secrets *SecretScanner
	// ResolverMode makes the demo API check requests with backend.NewResolver (Authgear's
	// resolver endpoint) instead of backend.NewJWTVerifier (RFC 7519 §7.2 locally).
	ResolverMode bool
	// ResolverCacheTTL is how long resolver mode reuses a valid answer: 0 means
	// backend.DefaultCacheTTL, NoResolverCache (any negative value) asks the resolver on
	// every request, so a revoked session is refused at once.
	ResolverCacheTTL time.Duration
	// APIClockSkew sets the JWT-mode demo API's clock this far ahead of the real clock
	// (behind when negative) when it checks exp, nbf and iat (RFC 7519 §4.1.4-§4.1.6),
	// after backend.DefaultLeeway. Tests use it to act out an app server that refuses a
	// token the browser still believes fresh. Resolver mode ignores it.
	APIClockSkew time.Duration
	// AccessTokenLifetime is the provider's access token lifetime (RFC 6749 §5.1
	// expires_in); 0 means devidp.DefaultAccessTokenLifetime.
	AccessTokenLifetime time.Duration
	// RotateRefreshTokens turns on refresh token rotation with reuse detection
	// (RFC 9700 §4.14.2) in the provider.
	RotateRefreshTokens bool
	// ClientID is the registered public client (RFC 6749 §2.1); default "demo".
	ClientID string
	// AllowedOrigins are further app origins the provider serves besides the demo app's:
	// its CORS allow-list and the origins a redirect_uri may have (a Vite dev server on
	// http://localhost:5173, a second app). Loopback names are alike (devidp).
	AllowedOrigins []string
	// Provider, when set, is the issuer of an identity provider that runs elsewhere (the
	// interoperability tests' oidc-provider): no devidp is started, the demo page is
	// configured with this endpoint and the JWT-mode demo API trusts its tokens.
	Provider string
	// APIAudience is the "aud" the JWT-mode demo API requires (RFC 7519 §4.1.3), such as
	// the API's resource indicator (RFC 8707); default the provider's issuer, as Authgear.
	APIAudience string
	// Logf, when set, receives one line per request on either origin: origin, method,
	// path (without the query) and status. Credentials and bodies are never logged.
	Logf func(format string, args ...any)
}

// Server is a running pair of origins. Close stops both.
type Server struct {
	// AppURL is the demo app's origin, "http://127.0.0.1:PORT" (RFC 6454 §6.1).
	AppURL string
	// IdPURL is the provider's origin and Issuer (OpenID Connect Discovery 1.0 §3), a
	// different origin from AppURL so that the SDK's requests to it are cross-origin.
	IdPURL string
	// IdP is the provider, for its test controls (lifetimes, revocation, faults); nil
	// when Config.Provider names one that runs elsewhere.
	IdP *devidp.Server
	// UpstreamURL is the upstream provider's origin; its API is UpstreamURL + "/v1/me".
	UpstreamURL string
	// Upstream is the upstream provider, for its test controls.
	Upstream *upstream.Server
	// ClientID is the client the demo page uses.
	ClientID string

	recorder  *recorder
	verifier  *backend.JWTVerifier // nil in resolver mode
	static    *staticHandler
	servers   []*http.Server
	cancel    context.CancelFunc // ends every request context, so slow handlers return
	closeOnce sync.Once
	closeErr  error
}

// Start listens on both addresses, creates the provider with Issuer=IdPURL and
// AllowedOrigins=[AppURL], starts serving it, then creates the demo API's backend
// middleware against it (the JWT verifier reads discovery at construction) and starts
// the app. ctx bounds only this setup; the servers run until Close.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	var idpLn, upLn net.Listener // nil when cfg.Provider runs elsewhere
	closeAll := func(lns ...net.Listener) {
		for _, ln := range lns {
			if ln != nil {
				ln.Close()
			}
		}
	}
	if cfg.Provider == "" {
		if idpLn, err = net.Listen("tcp", cfg.IdPAddr); err != nil {
			return nil, fmt.Errorf("devserver: identity provider address %s: %w", cfg.IdPAddr, err)
		}
		if upLn, err = net.Listen("tcp", cfg.UpstreamAddr); err != nil {
			closeAll(idpLn)
			return nil, fmt.Errorf("devserver: upstream address %s: %w", cfg.UpstreamAddr, err)
		}
	}
	appLn, err := net.Listen("tcp", cfg.AppAddr)
	if err != nil {
		closeAll(idpLn, upLn)
		return nil, fmt.Errorf("devserver: app address %s: %w", cfg.AppAddr, err)
	}
	life, cancel := context.WithCancel(context.Background())
	s := &Server{
		AppURL:   "http://" + appLn.Addr().String(),
		IdPURL:   cfg.Provider,
		ClientID: cfg.ClientID,
		recorder: newRecorder(maxRecorded),
		cancel:   cancel,
	}
	if idpLn != nil {
		s.IdPURL = "http://" + idpLn.Addr().String()
		s.UpstreamURL = "http://" + upLn.Addr().String()
	}
	if err := s.start(ctx, life, cfg, idpLn, appLn, upLn); err != nil {
		closeAll(idpLn, appLn, upLn)
		s.Close()
		return nil, err
	}
	return s, nil
}

// start creates the provider and its upstream (unless the provider runs elsewhere) and
// the app, and serves them.
func (s *Server) start(ctx, life context.Context, cfg Config, idpLn, appLn, upLn net.Listener) error {
	logf := cfg.Secrets.logf(cfg.Logf)
	upstreamAPI := ""
	if idpLn != nil {
		conn, err := s.startUpstream(life, cfg, upLn, logf)
		if err != nil {
			return err
		}
		idp, err := devidp.New(devidp.Config{
			Issuer:              s.IdPURL,
			ClientIDs:           []string{cfg.ClientID},
			AllowedOrigins:      append([]string{s.AppURL}, cfg.AllowedOrigins...),
			AccessTokenLifetime: cfg.AccessTokenLifetime,
			RotateRefreshTokens: cfg.RotateRefreshTokens,
			Connections:         []devidp.Connection{conn},
			VaultMinRemaining:   cfg.VaultMinRemaining,
		})
		if err != nil {
			return fmt.Errorf("devserver: %w", err)
		}
		s.IdP = idp
		s.serve(life, idpLn, logRequests(logf, "idp", cfg.Secrets.wrap("idp", idp)))
		upstreamAPI = s.Upstream.MeURL()
	}

	var guard func(http.Handler) http.Handler
	mode := modeJWT
	if cfg.ResolverMode {
		mode = modeResolver
		guard = backend.NewResolver(s.IdPURL, resolverOptions(cfg)...).Middleware
	} else {
		v, err := backend.NewJWTVerifier(ctx, s.IdPURL, jwtOptions(cfg)...)
		if err != nil {
			return fmt.Errorf("devserver: %w", err)
		}
		s.verifier = v
		guard = v.Middleware
	}
	static, err := newStaticHandler(cfg.Root)
	if err != nil {
		return err
	}
	s.static = static
	mux := http.NewServeMux()
	mux.Handle("/", static)
	mux.Handle("/demo-config.js", configJSHandler(demoConfig{Endpoint: s.IdPURL, ClientID: cfg.ClientID, Mode: mode, UpstreamAPI: upstreamAPI}))
	mux.Handle("/api/", cfg.Secrets.wrap("app", s.recorder.wrap(guard(newAPIHandler(mode)))))
	s.serve(life, appLn, logRequests(logf, "app", noCache(mux)))
	return nil
}

// resolverOptions turns Config's resolver fields into backend options.
func resolverOptions(cfg Config) []backend.ResolverOption {
	switch {
	case cfg.ResolverCacheTTL < 0:
		return []backend.ResolverOption{backend.WithCacheTTL(0)}
	case cfg.ResolverCacheTTL > 0:
		return []backend.ResolverOption{backend.WithCacheTTL(cfg.ResolverCacheTTL)}
	}
	return nil
}

// jwtOptions turns Config's JWT fields into backend options.
func jwtOptions(cfg Config) []backend.JWTOption {
	var opts []backend.JWTOption
	if skew := cfg.APIClockSkew; skew != 0 {
		opts = append(opts, backend.WithClock(func() time.Time { return time.Now().Add(skew) }))
	}
	if cfg.APIAudience != "" {
		opts = append(opts, backend.WithAudience(cfg.APIAudience))
	}
	return opts
}

// serve runs an HTTP server on ln in the background; request contexts derive from life.
func (s *Server) serve(life context.Context, ln net.Listener, h http.Handler) {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		BaseContext:       func(net.Listener) context.Context { return life },
	}
	s.servers = append(s.servers, srv)
	go func() { _ = srv.Serve(ln) }()
}

// Close ends in-flight requests, shuts both servers down and stops the JWK Set refresh.
// It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.cancel()
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		var errs []error
		for _, srv := range s.servers {
			if err := srv.Shutdown(ctx); err != nil {
				errs = append(errs, err, srv.Close())
			}
		}
		if s.verifier != nil {
			s.verifier.Close()
		}
		if s.static != nil {
			errs = append(errs, s.static.Close())
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// APIRequests returns copies of the demo-API requests received so far (the latest 1000),
// oldest first, including the ones the middleware refused, so tests can see what the SDK
// sent.
func (s *Server) APIRequests() []APIRequest { return s.recorder.list() }

// ResetAPIRequests forgets the recorded demo-API requests, so a test can look at the
// requests of one step only.
func (s *Server) ResetAPIRequests() { s.recorder.reset() }
