package sdk

import (
	"context"
	"time"
)

// grantIDToken is Authgear's grant for a new ID token of the current session.
const grantIDToken = "urn:authgear:params:oauth:grant-type:id-token"

// publishIDTokenLocked makes an ID token and what getAuthTime and canReauthenticate read
// from it observable; "" forgets it. A malformed token is held (it is what the provider
// sent) but yields no auth time and false, never an error.
func (s *session) publishIDTokenLocked(raw string) {
	snap := s.Snapshot()
	snap.IDToken, snap.AuthTime, snap.CanReauthenticate = raw, time.Time{}, false
	if raw != "" {
		if claims, err := idTokenClaims(raw); err == nil {
			if at, ok := claims["auth_time"].(float64); ok && at > 0 {
				snap.AuthTime = time.Unix(int64(at), 0)
			}
			snap.CanReauthenticate, _ = claims[claimCanReauthenticate].(bool)
		}
	}
	s.snapshot.Store(&snap)
}

// restoreIDTokenLocked publishes the stored ID token. Unlike @authgear/web, a reload keeps
// getIDTokenHint() working: the token is in storage, and forgetting it from memory only
// made the settings actions fail until the next refresh.
func (s *session) restoreIDTokenLocked() {
	raw, ok, err := s.store().Get(s.key(keyIDToken))
	if err != nil || !ok {
		raw = ""
	}
	s.publishIDTokenLocked(raw)
}

// RefreshIDToken asks for a new ID token of the current session with Authgear's ID-token
// grant, authorized like fetch(): the Bearer access token (refreshed if due) or, in
// cookie mode, the session cookie. The token is kept in memory and storage. invalid_grant
// means the session is gone: NO_SESSION, reason INVALID, and the *OAuthError. Any other
// answer (a provider without the grant says unsupported_grant_type) rejects and keeps
// the session.
func (c *Container) RefreshIDToken(ctx context.Context) error {
	cfg, err := c.configured()
	if err != nil {
		return err
	}
	req := &protocolRequest{c: c, method: "POST", contentType: "application/x-www-form-urlencoded",
		body: encodeQuery([2]string{"grant_type", grantIDToken}, [2]string{"client_id", cfg.ClientID}),
		resolve: func(ctx context.Context) (string, error) {
			meta, err := c.provider.discover(ctx, cfg)
			if err != nil {
				return "", err
			}
			return need(meta.tokenEndpoint, "token_endpoint")
		}}
	reply, err := c.authorized(ctx, req, policy{trusted: true, needSession: "refreshIDToken"})
	if err != nil {
		return err
	}
	resp := reply.(*Response)
	if resp.Status != 200 {
		err := responseError(resp)
		if isInvalidGrant(err) {
			c.locked(func() {
				if c.session.gen == req.sentGen {
					_ = c.forgetLocked(ReasonInvalid, thisTab) // the answer matters more than a storage failure
				}
			})
		}
		return err
	}
	obj, err := decodeObject(resp.Body)
	if err != nil {
		return serverError(resp)
	}
	raw := stringField(obj, "id_token")
	if raw == "" {
		return &ServerError{Status: resp.Status}
	}
	if err := c.checkLaterIDToken(ctx, cfg, raw); err != nil {
		return err
	}
	var result error
	c.locked(func() {
		if c.session.gen != req.sentGen {
			return // the session changed meanwhile: the token belongs to the old one
		}
		if result = c.session.store().Set(c.session.key(keyIDToken), raw); result == nil {
			c.session.publishIDTokenLocked(raw)
		}
	})
	return result
}
