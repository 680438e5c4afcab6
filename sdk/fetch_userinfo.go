package sdk

import "context"

// FetchUserInfo asks the UserInfo endpoint (OIDC Core §5.3) who is signed in, which also
// confirms the session (reference page 002, "UserInfo and Session State"). It is an
// authorized request like fetch(): the Bearer token, refreshed if needed (RFC 6750 §2.1),
// or the session cookie in cookie mode. A 401 that survives the one forced refresh
// (RFC 6750 §3.1) ends the session (NO_SESSION, INVALID) and rejects with an *OAuthError
// when the body carries an RFC 6750 error code, else with a *ServerError of status 401.
// A provider without a UserInfo endpoint answers from the ID token's claims
// (userInfoFromIDToken), after the refresh that is due, if any.
func (c *Container) FetchUserInfo(ctx context.Context) (*UserInfo, error) {
	cfg, err := c.configured()
	if err != nil {
		return nil, err
	}
	if cfg.SessionType == SessionTypeRefreshToken {
		meta, err := c.provider.discover(ctx, cfg)
		if err != nil {
			return nil, err
		}
		if meta.userinfoEndpoint == "" {
			if err := c.RefreshAccessTokenIfNeeded(ctx); err != nil {
				return nil, err
			}
			return c.userInfoFromIDToken(meta.issuer, cfg.ClientID)
		}
	}
	req := &protocolRequest{c: c, method: "GET", resolve: func(ctx context.Context) (string, error) {
		meta, err := c.provider.discover(ctx, cfg)
		if err != nil {
			return "", err
		}
		return need(meta.userinfoEndpoint, "userinfo_endpoint")
	}}
	reply, err := c.authorized(ctx, req, policy{trusted: true, needSession: "fetchUserInfo"})
	if err != nil {
		return nil, err
	}
	resp := reply.(*Response)
	switch resp.Status {
	case 200:
	case 401:
		c.locked(func() {
			if c.session.gen == req.sentGen {
				_ = c.forgetLocked(ReasonInvalid, thisTab) // the answer matters more than a storage failure
			}
		})
		return nil, responseError(resp)
	default:
		return nil, responseError(resp)
	}
	raw, err := decodeObject(resp.Body)
	if err != nil {
		return nil, malformedBody(resp, err)
	}
	info, ok := parseUserInfo(raw)
	if !ok {
		return nil, serverError(resp)
	}
	if cfg.SessionType == SessionTypeRefreshToken {
		// In cookie mode the provider's cookie decides who is signed in; an ID token held
		// from an earlier refreshIDToken() may be another user's after an SSO switch.
		if err := checkUserInfoSubject(info, c.Snapshot().IDToken); err != nil {
			return nil, err
		}
	}
	if cfg.SessionType == SessionTypeCookie {
		c.locked(func() {
			if c.session.gen == req.sentGen && c.Snapshot().State != SessionStateAuthenticated {
				c.signInLocked()
			}
		})
	}
	return info, nil
}

// idTokenOnlyClaims are the ID token's own claims (OIDC Core §2), not the user's.
var idTokenOnlyClaims = []string{"iss", "aud", "exp", "iat", "nbf", "jti", "nonce", "azp",
	"at_hash", "c_hash", "s_hash", "sid", "auth_time", "acr", "amr"}

// userInfoFromIDToken answers fetchUserInfo for a provider without a UserInfo endpoint
// (OIDC Discovery 1.0 §3 makes it RECOMMENDED, not REQUIRED): the user's claims are then
// the ID token's (OIDC Core §5.4 and §5.5 let a provider put them there), taken from the
// token endpoint's latest answer, which the caller has just refreshed if it was due. The
// token must be this provider's for this client (OIDC Core §3.1.3.7 steps 2 and 3).
func (c *Container) userInfoFromIDToken(issuer, clientID string) (*UserInfo, error) {
	var raw string
	c.locked(func() { raw, _, _ = c.session.store().Get(c.session.key(keyIDToken)) })
	if raw == "" {
		return nil, wrapError(ErrNoSession, "the provider has no userinfo_endpoint and no ID token is stored")
	}
	claims, err := idTokenClaims(raw)
	if err != nil {
		return nil, err
	}
	if stringField(claims, "iss") != issuer || !audienceContains(claims["aud"], clientID) {
		return nil, wrapError(ErrInvalidIDToken, "the stored ID token is not this provider's for this client")
	}
	for _, k := range idTokenOnlyClaims {
		delete(claims, k)
	}
	info, ok := parseUserInfo(claims)
	if !ok {
		return nil, wrapError(ErrInvalidIDToken, "the ID token has no sub")
	}
	return info, nil
}
