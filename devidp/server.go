// Package devidp is a small development OpenID Connect provider: discovery, JWKS, the
// authorization code flow with PKCE, refresh tokens (rotation and reuse detection
// switchable), userinfo, revocation, RP-initiated logout, cookie sessions, Authgear's
// resolver endpoint and its anonymous-user APIs and promote page, plus test controls
// (lifetimes, session revocation, counters, faults, anonymous users on or off).
// It federates login to upstream OAuth 2.0 connections and keeps their tokens in a
// credential vault, which the signed-in user and, with an access key, services read.
// It is a test double for Authgear, served on 127.0.0.1 only; state lives in memory.
package devidp

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/wasmgear/wasmgear/internal/dpop"
)

// Server is the provider's http.Handler. Its test controls are safe for concurrent use.
type Server struct {
	issuer       string
	basePath     string
	clientIDs    map[string]bool
	users        []User
	cookieName   string
	secureCookie bool
	now          func() time.Time
	started      time.Time

	mu       sync.Mutex // guards lifetime, rotate and origins
	lifetime time.Duration
	rotate   bool
	origins  map[string]bool

	keys   *keySet
	store  *store
	counts *counters
	faults *faultQueue
	vault  *vault
	anon   anonymousUsers
	routes map[string]route

	connections       map[string]Connection
	federations       federations
	vaultMinRemaining time.Duration
	upstreamClient    *http.Client
	accessKeys        accessKeys
	dpop              dpopState
}

// route is one endpoint: the methods it answers and whether only loopback peers may call it.
type route struct {
	methods   []string
	adminOnly bool
	handle    http.HandlerFunc
}

// New returns a provider for cfg with a fresh RSA-2048 signing key, or an error wrapping
// ErrInvalidConfig.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	key, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(cfg.Issuer)
	s := &Server{
		issuer:       cfg.Issuer,
		basePath:     strings.TrimSuffix(u.Path, "/"),
		clientIDs:    map[string]bool{},
		users:        append([]User(nil), cfg.Users...),
		cookieName:   cfg.CookieName,
		secureCookie: u.Scheme == "https",
		now:          cfg.Now,
		lifetime:     cfg.AccessTokenLifetime,
		rotate:       cfg.RotateRefreshTokens,
		origins:      map[string]bool{},
		keys:         &keySet{keys: []*signingKey{key}},
		store:        newStore(),
		counts:       &counters{m: map[string]int{}},
		faults:       &faultQueue{},
		anon:         anonymousUsers{byName: map[string]*User{}, codes: map[string]promotionCode{}},
	}
	if s.vault, err = newVault(); err != nil {
		return nil, err
	}
	s.connections = map[string]Connection{}
	for _, c := range cfg.Connections {
		s.connections[c.ID] = c
	}
	s.vaultMinRemaining, s.upstreamClient = cfg.VaultMinRemaining, cfg.UpstreamClient
	s.dpop.verifier = dpop.NewVerifier(dpop.Options{Now: s.now})
	s.dpop.off, s.dpop.required, s.dpop.nonceRequired = cfg.DisableDPoP, cfg.RequireDPoP, cfg.RequireDPoPNonce
	s.dpop.nonce = randomToken()
	s.started = s.now()
	for _, id := range cfg.ClientIDs {
		s.clientIDs[id] = true
	}
	for _, o := range cfg.AllowedOrigins {
		s.origins[o] = true
	}
	s.routes = s.routeTable()
	return s, nil
}

func (s *Server) routeTable() map[string]route {
	get, post, both := []string{http.MethodGet}, []string{http.MethodPost}, []string{http.MethodGet, http.MethodPost}
	return map[string]route{
		"/.well-known/openid-configuration":  {methods: get, handle: s.handleDiscovery},
		"/oauth2/jwks":                       {methods: get, handle: s.handleJWKS},
		"/oauth2/authorize":                  {methods: both, handle: s.handleAuthorize},
		"/oauth2/token":                      {methods: post, handle: s.handleToken},
		"/oauth2/userinfo":                   {methods: both, handle: s.handleUserInfo},
		"/oauth2/revoke":                     {methods: post, handle: s.handleRevoke},
		"/oauth2/end_session":                {methods: both, handle: s.handleEndSession},
		"/_resolver/resolve":                 {methods: []string{http.MethodGet, http.MethodHead, http.MethodPost}, handle: s.handleResolve},
		"/_admin/config":                     {methods: both, adminOnly: true, handle: s.handleAdminConfig},
		"/_admin/revoke":                     {methods: post, adminOnly: true, handle: s.handleAdminRevoke},
		"/_admin/counts":                     {methods: get, adminOnly: true, handle: s.handleAdminCounts},
		"/_admin/counts/reset":               {methods: post, adminOnly: true, handle: s.handleAdminCountsReset},
		"/_admin/fault":                      {methods: post, adminOnly: true, handle: s.handleAdminFault},
		"/_admin/dpop/rotate-nonce":          {methods: post, adminOnly: true, handle: s.handleAdminRotateDPoPNonce},
		connectionCredentialsRoute:           {methods: get, handle: s.handleConnectionCredentials},
		signInCredentialsRoute:               {methods: get, handle: s.handleConnectionCredentials},
		CallbackPath:                         {methods: get, handle: s.handleCallback},
		serviceCredentialsRoute:              {methods: get, handle: s.handleServiceCredentials},
		"/_admin/access-keys":                {methods: both, adminOnly: true, handle: s.handleAdminAccessKeys},
		"/_admin/access-keys/revoke":         {methods: post, adminOnly: true, handle: s.handleAdminRevokeAccessKey},
		"/_admin/connections/expire":         {methods: post, adminOnly: true, handle: s.handleAdminExpireConnection},
		"/api/anonymous_user/signup":         {methods: post, handle: s.handleAnonymousSignup},
		"/api/anonymous_user/promotion_code": {methods: post, handle: s.handlePromotionCode},
		"/oauth2/app_session_token":          {methods: post, handle: s.handleAppSessionToken},
		"/settings":                          {methods: get, handle: s.handleSettings},
		"/settings/identities":               {methods: get, handle: s.handleSettingsIdentities},
	}
}

// ServeHTTP routes a request to its endpoint after applying CORS (Fetch Standard §3.2);
// a CORS preflight is answered 204 here.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if s.basePath != "" {
		if !strings.HasPrefix(path, s.basePath+"/") {
			http.NotFound(w, r)
			return
		}
		path = strings.TrimPrefix(path, s.basePath)
	}
	rt, ok := s.routes[routeKey(path)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.applyCORS(w, r)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !allowed(rt.methods, r.Method) {
		w.Header().Set("Allow", strings.Join(append(rt.methods, http.MethodOptions), ", "))
		writeJSON(w, http.StatusMethodNotAllowed, oauthError{Code: "invalid_request", Description: "method not allowed"})
		return
	}
	if rt.adminOnly && !isLoopback(r.RemoteAddr) {
		writeJSON(w, http.StatusForbidden, oauthError{Code: "access_denied", Description: "admin API is loopback only"})
		return
	}
	rt.handle(w, r)
}

func allowed(methods []string, m string) bool {
	for _, x := range methods {
		if x == m {
			return true
		}
	}
	return false
}

// applyCORS echoes an allowed Origin with credentials, so the app page may call every
// endpoint with fetch(..., {credentials: "include"}).
func (s *Server) applyCORS(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin == "" || !s.originAllowed(origin) {
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Expose-Headers", "WWW-Authenticate, DPoP-Nonce, "+strings.Join(resolverHeaders, ", "))
	if r.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, DPoP")
	}
}

// originAllowed reports whether origin is one of the configured app origins.
func (s *Server) originAllowed(origin string) bool {
	n, ok := normalizeOrigin(origin)
	if !ok {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.origins[n]
}

// AddAllowedOrigin adds an app origin to the CORS and redirect allow-lists at run time,
// for tests whose app server starts after the provider. Invalid origins are ignored.
func (s *Server) AddAllowedOrigin(origin string) {
	n, ok := normalizeOrigin(origin)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.origins[n] = true
}

// SetAccessTokenLifetime changes the lifetime of access tokens issued from now on
// (expires_in, RFC 6749 §5.1); non-positive values are ignored.
func (s *Server) SetAccessTokenLifetime(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lifetime = d
}

// SetRotateRefreshTokens switches refresh token rotation with reuse detection
// (RFC 9700 §4.14.2) on or off for refreshes from now on.
func (s *Server) SetRotateRefreshTokens(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rotate = on
}

func (s *Server) settings() (lifetime time.Duration, rotate bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lifetime, s.rotate
}

// RevokeUserSessions is the "management portal": it revokes every grant and cookie session
// of the user at once and returns how many it revoked. Refresh tokens then answer
// invalid_grant (RFC 6749 §5.2), access tokens invalid_token at userinfo (RFC 6750 §3.1)
// and the resolver reports the session invalid.
func (s *Server) RevokeUserSessions(username string) int {
	return s.store.revokeUser(username)
}

// url returns the absolute URL of an endpoint path.
func (s *Server) url(path string) string { return s.issuer + path }

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// noStore marks a response that carries tokens or user data as uncacheable (RFC 6749 §5.1).
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
}

// oauthError is the error response body of RFC 6749 §5.2.
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}
