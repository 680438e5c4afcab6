package sdk

import (
	"context"
	"strings"
)

// AuthenticateResult is what finishAuthentication resolves to.
type AuthenticateResult struct {
	UserInfo *UserInfo
	// State is the caller's own state from AuthenticateOptions.State.
	State string
}

// responseParam reports whether name is an authorization response parameter (RFC 6749
// §4.1.2, §4.1.2.1), removed from the address bar once the redirect is handled. A switch,
// not a package-level map: the package's init would build the map at every page load.
func responseParam(name string) bool {
	switch name {
	case "code", "state", "error", "error_description", "error_uri", "iss":
		return true
	}
	return false
}

// finishAuthentication handles the provider's redirect on the redirect URI page: it
// checks the CSRF state (RFC 6749 §10.12), redeems the code with the PKCE verifier
// (RFC 6749 §4.1.3, RFC 7636 §4.5), checks the ID token (OIDC Core §3.1.3.7), stores the
// refresh and ID tokens, moves to AUTHENTICATED and fetches the user info. The one-time
// values are removed whatever the outcome, so the same redirect is answered only once.
// Cookie mode (response_type=none) checks the state and asks userinfo with the cookie.
func (c *Container) finishAuthentication(ctx context.Context) (*AuthenticateResult, error) {
	cfg, err := c.configured()
	if err != nil {
		return nil, err
	}
	pending, err := c.takePending()
	if err != nil {
		return nil, err
	}
	userState := pending[keyOIDCUserState]
	if pending[keyOIDCState] == "" || pending[keyOIDCRedirectURI] == "" {
		c.dropResponseParams() // a code nobody will redeem still leaves history and bookmarks
		return nil, ErrNoAuthentication
	}
	if flow := pending[keyOIDCFlow]; flow != "" {
		// Its token response has no refresh token: taken as a login, it would end the session.
		return nil, wrapError(ErrNoAuthentication, "this redirect finishes "+flow+", not a login")
	}
	current, err := c.checkRedirectPage(pending[keyOIDCRedirectURI])
	if err != nil {
		return nil, err
	}
	_ = c.nav.ReplaceURL(withoutResponseParams(current)) // best effort: history cleanup
	q := current.Query
	if err := c.checkResponseIssuer(ctx, cfg, q); err != nil {
		return nil, err
	}
	// The state first (RFC 6749 §10.12), for an error too: a forged error callback must
	// not reach the app as the provider's word.
	if q["state"] == "" || !constantTimeEqual(q["state"], pending[keyOIDCState]) {
		return nil, ErrStateMismatch
	}
	if code := q["error"]; code != "" {
		return nil, &OAuthError{Code: code, Description: q["error_description"], URI: q["error_uri"], State: userState}
	}
	if cfg.SessionType == SessionTypeCookie {
		info, err := c.FetchUserInfo(ctx)
		if err != nil {
			return nil, err
		}
		return &AuthenticateResult{UserInfo: info, State: userState}, nil
	}
	if q["code"] == "" {
		return nil, ErrMissingCode
	}
	if pending[keyOIDCCodeVerifier] == "" || pending[keyOIDCNonce] == "" {
		return nil, ErrNoAuthentication
	}
	if err := c.redeemCode(ctx, cfg, q["code"], pending); err != nil {
		return nil, err
	}
	info, err := c.FetchUserInfo(ctx)
	if err != nil {
		return nil, err // the session stays: it was established, only userinfo failed
	}
	return &AuthenticateResult{UserInfo: info, State: userState}, nil
}

// checkResponseIssuer is the mix-up defence of RFC 9207 §2.4: an iss on the
// authorization response, success or error, must be the issuer this container talks to,
// and a provider that advertises authorization_response_iss_parameter_supported must
// have sent one.
func (c *Container) checkResponseIssuer(ctx context.Context, cfg *config, q map[string]string) error {
	iss, sent := q["iss"]
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return err
	}
	switch {
	case sent && iss != meta.issuer:
		return wrapError(ErrIssuerMismatch, "the response names "+iss)
	case !sent && meta.issParameter:
		return wrapError(ErrIssuerMismatch, "the provider sends iss on every response and this one has none")
	}
	return nil
}

// checkRedirectPage parses the page's URL and checks it is the redirect URI (same
// origin and path): the code is redeemed only where the request said it would return.
func (c *Container) checkRedirectPage(redirectURI string) (*URL, error) {
	current, err := c.urls.Parse(c.nav.Location(), "")
	if err != nil {
		return nil, wrapError(ErrRedirectURIMismatch, "the page URL cannot be parsed")
	}
	want, err := c.urls.Parse(redirectURI, "")
	if err != nil || current.Origin != want.Origin || current.Pathname != want.Pathname {
		return nil, wrapError(ErrRedirectURIMismatch, "expected "+redirectURI)
	}
	return current, nil
}

// redeemCode exchanges the code (RFC 6749 §4.1.3), checks the ID token and starts the
// session: tokens are stored before the state changes, so a listener or a reload sees them.
func (c *Container) redeemCode(ctx context.Context, cfg *config, code string, pending map[string]string) error {
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return err
	}
	endpoint, err := need(meta.tokenEndpoint, "token_endpoint")
	if err != nil {
		return err
	}
	tok, err := c.provider.tokenRequest(ctx, endpoint, c.tokenProver(ctx, cfg, meta),
		[2]string{"grant_type", "authorization_code"}, [2]string{"code", code},
		[2]string{"redirect_uri", pending[keyOIDCRedirectURI]}, [2]string{"client_id", cfg.ClientID},
		[2]string{"code_verifier", pending[keyOIDCCodeVerifier]})
	if err != nil {
		return err
	}
	if tok.idToken == "" {
		return wrapError(ErrInvalidIDToken, "the token response has no id_token")
	}
	if err := c.verifyIDToken(ctx, meta, cfg.ClientID, tok.idToken, idTokenWant{authorized: true, nonce: pending[keyOIDCNonce]}); err != nil {
		return err
	}
	var result error
	c.locked(func() {
		s := c.session
		if s.cfg == nil || s.cfg.Endpoint != cfg.Endpoint || s.cfg.ClientID != cfg.ClientID {
			result = wrapError(ErrNoAuthentication, "reconfigured during sign-in")
			return
		}
		s.gen++ // a new session: results in flight for the old one are void
		if result = s.storeTokensLocked(tok, true); result != nil {
			return
		}
		s.publishTokenLocked(tok.accessToken, tok.expireAt(), tok.tokenType)
		c.signInLocked()
	})
	return result
}

// dropResponseParams removes the authorization response parameters from the address bar,
// if it has any.
func (c *Container) dropResponseParams() {
	u, err := c.urls.Parse(c.nav.Location(), "")
	if err != nil {
		return
	}
	if cleaned := withoutResponseParams(u); cleaned != u.Href {
		_ = c.nav.ReplaceURL(cleaned) // best effort: history cleanup
	}
}

// withoutResponseParams is the page URL without the authorization response parameters:
// other query parameters and the fragment stay, so the app keeps its own routing.
func withoutResponseParams(u *URL) string {
	base := strings.TrimSuffix(u.Href, u.Hash)
	base = strings.TrimSuffix(strings.TrimSuffix(base, u.Search), "?")
	var kept []string
	for _, pair := range strings.Split(strings.TrimPrefix(u.Search, "?"), "&") {
		name, _, _ := strings.Cut(pair, "=")
		if pair == "" || responseParam(formDecode(name)) {
			continue
		}
		kept = append(kept, pair)
	}
	if len(kept) > 0 {
		base += "?" + strings.Join(kept, "&")
	}
	return base + u.Hash
}

// formDecode decodes an application/x-www-form-urlencoded name (URL Standard §5.1):
// "+" is a space, valid %XX escapes are bytes, anything else is kept as is.
func formDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '+':
			b.WriteByte(' ')
		case s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	default:
		return c - '0'
	}
}
