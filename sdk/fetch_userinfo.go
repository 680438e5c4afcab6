package sdk

import "context"

// FetchUserInfo asks the UserInfo endpoint (OIDC Core §5.3) who is signed in, which also
// confirms the session (reference page 002, "UserInfo and Session State"). Token mode
// refreshes the access token if needed and sends it as a Bearer token (RFC 6750 §2.1);
// cookie mode sends the session cookie. A 401 (RFC 6750 §3.1) ends the session
// (NO_SESSION, INVALID) and rejects with an *OAuthError when the body carries an
// RFC 6750 error code, else with a *ServerError of status 401.
func (c *Container) FetchUserInfo(ctx context.Context) (*UserInfo, error) {
	cfg, err := c.configured()
	if err != nil {
		return nil, err
	}
	req := &Request{Method: "GET", Credentials: credentialsInclude}
	if cfg.SessionType == SessionTypeRefreshToken {
		if err := c.RefreshAccessTokenIfNeeded(ctx); err != nil {
			return nil, err
		}
		var token string
		c.locked(func() { token = c.Snapshot().AccessToken })
		if token == "" {
			return nil, wrapError(ErrNoSession, "fetchUserInfo needs a signed-in user")
		}
		req.Credentials = credentialsOmit
		req.Header = map[string]string{"authorization": "Bearer " + token}
	}
	var gen uint64
	c.locked(func() { gen = c.gen }) // after the refresh: the token read above belongs to it
	meta, err := c.discover(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if req.URL, err = need(meta.userinfoEndpoint, "userinfo_endpoint"); err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, req)
	if err != nil {
		return nil, err
	}
	switch resp.Status {
	case 200:
	case 401:
		c.locked(func() {
			if c.gen == gen {
				_ = c.forgetLocked(ReasonInvalid) // the answer matters more than a storage failure
			}
		})
		return nil, responseError(resp)
	default:
		return nil, responseError(resp)
	}
	raw, err := decodeObject(resp.Body)
	if err != nil {
		return nil, serverError(resp)
	}
	info, ok := parseUserInfo(raw)
	if !ok {
		return nil, serverError(resp)
	}
	if cfg.SessionType == SessionTypeCookie {
		c.locked(func() {
			if c.gen == gen && c.Snapshot().State != SessionStateAuthenticated {
				c.setStateLocked(SessionStateAuthenticated, ReasonAuthenticated)
			}
		})
	}
	return info, nil
}
