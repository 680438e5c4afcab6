package sdk

import "context"

// LogoutOptions are the arguments of logout().
type LogoutOptions struct {
	// RedirectURI, when set, sends the browser to the provider's end_session_endpoint
	// (OIDC RP-Initiated Logout 1.0 §2), which returns there. Required in cookie mode,
	// where only the provider can end the cookie session.
	RedirectURI string
	// Force forgets the session even when revocation fails (offline, server down).
	Force bool
}

// Logout revokes the refresh token (RFC 7009 §2.1), forgets the session (NO_SESSION,
// LOGOUT) and, with a RedirectURI, navigates (GET) to the end_session_endpoint with
// post_logout_redirect_uri, client_id and, when an ID token is held, id_token_hint
// (RP-Initiated Logout 1.0 §2): some providers honour post_logout_redirect_uri only with
// the hint. A GET, not a form POST, because a top-level GET carries the provider's
// SameSite=Lax session cookie and a cross-site POST does not, so only the GET ends the
// provider's session everywhere; the hint is an ID token, no API credential (its aud is
// this client). A failed revocation rejects and keeps the session, unless Force. Cookie
// mode has no token to revoke: it forgets the local state and navigates to end the
// provider's cookie session.
func (c *Container) Logout(ctx context.Context, o LogoutOptions) error {
	cfg, err := c.configured()
	if err != nil {
		return err
	}
	cookieMode := cfg.SessionType == SessionTypeCookie
	if cookieMode && o.RedirectURI == "" {
		return InvalidOptions("logout: redirectURI is required in cookie mode, where the provider ends the session")
	}
	if o.RedirectURI != "" {
		if _, err := c.parseRedirectURI(o.RedirectURI); err != nil {
			return err
		}
	}
	var refreshToken, idToken string
	c.locked(func() {
		refreshToken = c.session.refreshTokenLocked()
		idToken, _, _ = c.session.store().Get(c.session.key(keyIDToken))
	})
	var meta *providerMetadata
	if !cookieMode && refreshToken != "" {
		meta, err = c.provider.discover(ctx, cfg)
		if err == nil {
			err = c.revoke(ctx, cfg, meta, refreshToken)
		}
		if err != nil && !o.Force {
			return err
		}
	}
	var forgetErr error
	c.locked(func() { forgetErr = c.forgetLocked(ReasonLogout, thisTab) })
	if forgetErr != nil || o.RedirectURI == "" {
		return forgetErr
	}
	if meta == nil {
		if meta, err = c.provider.discover(ctx, cfg); err != nil {
			return err
		}
	}
	endSession, err := need(meta.endSessionEndpoint, "end_session_endpoint")
	if err != nil {
		return err
	}
	q := [][2]string{{"post_logout_redirect_uri", o.RedirectURI}, {"client_id", cfg.ClientID}}
	q = appendIfSet(q, "id_token_hint", idToken)
	return c.nav.Assign(withQuery(endSession, encodeQuery(q...)))
}

// revoke sends the refresh token to the revocation endpoint (RFC 7009 §2.1); 200 is
// success, even for a token the server no longer knows (§2.2).
func (c *Container) revoke(ctx context.Context, cfg *config, meta *providerMetadata, token string) error {
	endpoint, err := need(meta.revocationEndpoint, "revocation_endpoint")
	if err != nil {
		return err
	}
	resp, err := c.provider.send(ctx, formRequest(endpoint, [2]string{"token", token}, [2]string{"client_id", cfg.ClientID}))
	if err != nil {
		return err
	}
	if resp.Status != 200 {
		return responseError(resp)
	}
	return nil
}
