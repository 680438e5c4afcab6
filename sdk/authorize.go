package sdk

import (
	"context"
	"slices"
	"strings"
)

// The scopes of an authentication request: an ID token (openid), a refresh token
// (offline_access, OIDC Core §11; token mode only, as Authgear's SDK) and Authgear's
// full access to the user's data, which only Authgear knows.
const (
	scopeOpenID        = "openid"
	scopeOfflineAccess = "offline_access"
	scopeFullAccess    = "https://authgear.com/scopes/full-access"
)

// requestScope is the scope parameter for this provider: openid always, then the
// configured Scopes when given, else each default scope only when the provider's
// scopes_supported lists it or it publishes no list (Authgear's discovery lists
// full-access; other providers may refuse what they do not know, RFC 6749 §4.1.2.1
// invalid_scope).
func requestScope(meta *providerMetadata, cfg *config) string {
	scope := scopeOpenID
	if cfg.Scopes != nil {
		for _, s := range cfg.Scopes {
			if s != scopeOpenID {
				scope += " " + s
			}
		}
		return scope
	}
	wanted := []string{scopeOfflineAccess, scopeFullAccess}
	if cfg.SessionType == SessionTypeCookie {
		wanted = wanted[1:]
	}
	for _, s := range wanted {
		if meta.scopesSupported == nil || slices.Contains(meta.scopesSupported, s) {
			scope += " " + s
		}
	}
	return scope
}

// AuthenticateOptions are the arguments of startAuthentication and makeAuthorizeURL:
// the authentication request of OIDC Core §3.1.2.1 plus Authgear's x_* parameters.
type AuthenticateOptions struct {
	// RedirectURI is where the provider returns (RFC 6749 §3.1.2); required, absolute.
	RedirectURI string
	// State is the caller's own value, kept in this browser and returned by
	// FinishAuthentication. The SDK sends its own random state for CSRF (RFC 6749 §10.12).
	State string
	// XState is Authgear's x_state, passed to the provider's UI untouched.
	XState string
	// Prompt values (OIDC Core §3.1.2.1), sent space-separated: "login", "none", ...
	Prompt []string
	// UILocales are BCP 47 tags, sent space-separated as ui_locales.
	UILocales []string
	// Page is Authgear's x_page: "login" or "signup".
	Page string
	// OAuthProviderAlias is Authgear's x_oauth_provider_alias: go straight to that
	// social login.
	OAuthProviderAlias string
	// AuthenticationFlowGroup is Authgear's x_authentication_flow_group: the flow group
	// of the project's configuration to run.
	AuthenticationFlowGroup string
	// loginHint is Authgear's login_hint, set by StartPromoteAnonymousUser only.
	loginHint string
	// ConnectionProperties go on to that provider's own authorize request.
	ConnectionProperties ConnectionProperties
}

// MakeAuthorizeURL builds the authorization request URL (RFC 6749 §4.1.1, PKCE RFC 7636
// §4.3, OIDC Core §3.1.2.1) and stores its one-time values (code verifier, state, nonce,
// redirect URI, the caller's state) so FinishAuthentication can check the answer.
func (c *Container) MakeAuthorizeURL(ctx context.Context, o AuthenticateOptions) (string, error) {
	cfg, err := c.configured()
	if err != nil {
		return "", err
	}
	if _, err := c.parseRedirectURI(o.RedirectURI); err != nil {
		return "", err
	}
	if err := o.ConnectionProperties.validate(); err != nil {
		return "", err
	}
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return "", err
	}
	authEndpoint, err := need(meta.authorizationEndpoint, "authorization_endpoint")
	if err != nil {
		return "", err
	}
	state, err := randomString(c.crypto, stateBytes)
	if err != nil {
		return "", err
	}
	nonce, err := randomString(c.crypto, stateBytes)
	if err != nil {
		return "", err
	}
	tokenMode := cfg.SessionType == SessionTypeRefreshToken
	var code pkce
	if tokenMode {
		if code, err = newPKCE(ctx, c.crypto); err != nil {
			return "", err
		}
	}
	q := make([][2]string, 0, 16)
	if tokenMode {
		q = append(q, [2]string{"response_type", "code"}, [2]string{"client_id", cfg.ClientID},
			[2]string{"redirect_uri", o.RedirectURI}, [2]string{"scope", requestScope(meta, cfg)},
			[2]string{"code_challenge_method", "S256"}, [2]string{"code_challenge", code.challenge})
	} else {
		q = append(q, [2]string{"response_type", "none"}, [2]string{"client_id", cfg.ClientID},
			[2]string{"redirect_uri", o.RedirectURI}, [2]string{"scope", requestScope(meta, cfg)})
	}
	q = append(q, [2]string{"state", state}, [2]string{"nonce", nonce})
	q = appendIfSet(q, "prompt", strings.Join(o.Prompt, " "))
	q = appendIfSet(q, "login_hint", o.loginHint)
	q = appendIfSet(q, "ui_locales", strings.Join(o.UILocales, " "))
	q = appendIfSet(q, "x_state", o.XState)
	q = appendIfSet(q, "x_page", o.Page)
	q = appendIfSet(q, "x_oauth_provider_alias", o.OAuthProviderAlias)
	q = appendIfSet(q, "x_authentication_flow_group", o.AuthenticationFlowGroup)
	q = appendConnectionProperties(q, o.ConnectionProperties)
	q = appendSSO(q, cfg, tokenMode)
	q = c.appendDPoPJKT(ctx, q, cfg, meta)
	pending := map[string]string{keyOIDCCodeVerifier: code.verifier, keyOIDCState: state,
		keyOIDCNonce: nonce, keyOIDCRedirectURI: o.RedirectURI, keyOIDCUserState: o.State}
	if err := c.savePending(pending); err != nil {
		return "", err
	}
	if d, ok := c.session.storage.(interface{ Durable() bool }); ok && !d.Durable() {
		_, _ = c.takePending() // memory only: the values would die with this page
		return "", ErrStorageUnavailable
	}
	return withQuery(authEndpoint, encodeQuery(q...)), nil
}

// StartAuthentication is MakeAuthorizeURL followed by a navigation to it (Authgear's
// startAuthentication, alias authorize).
func (c *Container) StartAuthentication(ctx context.Context, o AuthenticateOptions) error {
	u, err := c.MakeAuthorizeURL(ctx, o)
	if err != nil {
		return err
	}
	return c.nav.Assign(u)
}

// parseRedirectURI checks a redirect URI: absolute, without a fragment (RFC 6749 §3.1.2).
func (c *Container) parseRedirectURI(raw string) (*URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, InvalidOptions("redirectURI is required")
	}
	u, err := c.urls.Parse(raw, "")
	if err != nil {
		return nil, InvalidOptions("redirectURI must be an absolute URL, got " + raw)
	}
	if u.Hash != "" || strings.Contains(raw, "#") {
		return nil, InvalidOptions("redirectURI must not contain a fragment (RFC 6749 §3.1.2), got " + raw)
	}
	return u, nil
}

// savePending stores the one-time values of a new authorization request in the
// persistent storage: they must survive the navigation to the provider and back, even
// when tokens are transient. Empty values are deleted.
func (c *Container) savePending(values map[string]string) error {
	s := c.session
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range pendingKeys {
		var err error
		if v := values[k]; v != "" {
			err = s.storage.Set(s.key(k), v)
		} else {
			err = s.storage.Delete(s.key(k))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// takePending reads and removes the one-time values in one step, so a redirect can be
// answered once whatever the outcome (a replayed URL finds nothing).
func (c *Container) takePending() (map[string]string, error) {
	s := c.session
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(pendingKeys))
	var firstErr error
	for _, k := range pendingKeys {
		v, ok, err := s.storage.Get(s.key(k))
		if err == nil && ok {
			out[k] = v
		}
		if err == nil {
			err = s.storage.Delete(s.key(k))
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return out, firstErr
}

// appendSSO adds Authgear's SSO parameters, as @authgear/web sends them on every
// authorize URL: x_sso_enabled always, and without SSO in token mode
// x_suppress_idp_session_cookie, so the provider leaves no IdP session cookie (cookie
// mode needs that cookie, so it never suppresses it, and is SSO as far as the provider
// is told).
func appendSSO(q [][2]string, cfg *config, tokenMode bool) [][2]string {
	if tokenMode && !cfg.IsSSOEnabled {
		q = append(q, [2]string{"x_suppress_idp_session_cookie", "true"})
	}
	sso := "false"
	if cfg.IsSSOEnabled || !tokenMode { // @authgear/web forces SSO on in cookie mode
		sso = "true"
	}
	return append(q, [2]string{"x_sso_enabled", sso})
}

func appendIfSet(q [][2]string, name, value string) [][2]string {
	if value == "" {
		return q
	}
	return append(q, [2]string{name, value})
}
