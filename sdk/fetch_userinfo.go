package sdk

import "context"

// FetchUserInfo asks the UserInfo endpoint (OIDC Core §5.3) who is signed in, which also
// confirms the session (reference page 002, "UserInfo and Session State"). It is an
// authorized request like fetch(): the Bearer token, refreshed if needed (RFC 6750 §2.1),
// or the session cookie in cookie mode. A 401 that survives the one forced refresh
// (RFC 6750 §3.1) ends the session (NO_SESSION, INVALID) and rejects with an *OAuthError
// when the body carries an RFC 6750 error code, else with a *ServerError of status 401.
func (c *Container) FetchUserInfo(ctx context.Context) (*UserInfo, error) {
	cfg, err := c.configured()
	if err != nil {
		return nil, err
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
		return nil, serverError(resp)
	}
	info, ok := parseUserInfo(raw)
	if !ok {
		return nil, serverError(resp)
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
