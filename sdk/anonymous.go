package sdk

import (
	"context"
)

// PromoteOptions are the arguments of startPromoteAnonymousUser (@authgear/web's
// PromoteOptions): where to come back, and the values an authorization request carries.
type PromoteOptions struct {
	RedirectURI string
	State       string
	XState      string
	UILocales   []string
}

// AuthenticateAnonymously signs in as a new anonymous user, or keeps the anonymous user
// already signed in (Authgear's POST /api/anonymous_user/signup, reference §5.8). Token
// mode: the answer's tokens start the session (AUTHENTICATED) before userinfo is asked,
// as @authgear/web does; cookie mode: the provider sets its session cookie. An error
// envelope (anonymous users disabled, a normal user signed in) rejects with a
// *ServerError carrying Authgear's name and reason, and the session is kept.
func (c *Container) AuthenticateAnonymously(ctx context.Context) (*AuthenticateResult, error) {
	cfg, err := c.configured()
	if err != nil {
		return nil, err
	}
	fields := [][2]string{{"client_id", cfg.ClientID}, {"session_type", string(cfg.SessionType)}}
	var gen uint64
	c.locked(func() {
		gen = c.session.gen
		if rt := c.session.refreshTokenLocked(); rt != "" && cfg.SessionType == SessionTypeRefreshToken {
			fields = append(fields, [2]string{"refresh_token", rt})
		}
	})
	result, err := c.authgearAPI(ctx, cfg, "/api/anonymous_user/signup", fields, true)
	if err != nil {
		return nil, err
	}
	if cfg.SessionType == SessionTypeRefreshToken {
		tok := &tokenResponse{accessToken: stringField(result, "access_token"),
			refreshToken: stringField(result, "refresh_token"), tokenType: stringField(result, "token_type"),
			receivedAt: c.session.clock.Now()}
		tok.expiresIn, _ = result["expires_in"].(float64)
		if tok.accessToken == "" {
			return nil, &ServerError{Status: 200, Body: "unexpected empty token response"}
		}
		c.locked(func() {
			s := c.session
			if s.gen != gen {
				err = wrapError(ErrNoAuthentication, "the session changed during the anonymous sign-up")
				return
			}
			s.gen++
			// The same anonymous user keeps its refresh token (Authgear does not rotate it).
			if err = s.storeTokensLocked(tok, tok.refreshToken != ""); err != nil {
				return
			}
			s.publishTokenLocked(tok.accessToken, tok.expireAt(), tok.tokenType)
			c.signInLocked()
		})
		if err != nil {
			return nil, err
		}
	}
	info, err := c.FetchUserInfo(ctx)
	if err != nil {
		return nil, err
	}
	return &AuthenticateResult{UserInfo: info}, nil
}

// StartPromoteAnonymousUser asks for a promotion code (POST
// /api/anonymous_user/promotion_code, reference §5.9) and sends the browser to the
// provider to sign up with `prompt=login` and the anonymous login_hint; the provider
// turns the anonymous user into a normal one, so `sub` stays. The answer comes back to a
// page that calls FinishPromoteAnonymousUser. Errors never end the session.
func (c *Container) StartPromoteAnonymousUser(ctx context.Context, o PromoteOptions) error {
	cfg, err := c.configured()
	if err != nil {
		return err
	}
	if _, err := c.parseRedirectURI(o.RedirectURI); err != nil {
		return err
	}
	fields := [][2]string{{"session_type", string(cfg.SessionType)}}
	c.locked(func() {
		if rt := c.session.refreshTokenLocked(); rt != "" && cfg.SessionType == SessionTypeRefreshToken {
			fields = append(fields, [2]string{"refresh_token", rt})
		}
	})
	result, err := c.authgearAPI(ctx, cfg, "/api/anonymous_user/promotion_code", fields, false)
	if err != nil {
		return err
	}
	code := stringField(result, "promotion_code")
	if code == "" {
		return &ServerError{Status: 200, Body: "the answer has no promotion_code"}
	}
	u, err := c.MakeAuthorizeURL(ctx, AuthenticateOptions{RedirectURI: o.RedirectURI, State: o.State,
		XState: o.XState, UILocales: o.UILocales, Prompt: []string{"login"},
		loginHint: "https://authgear.com/login_hint?" + encodeQuery([2]string{"type", "anonymous"}, [2]string{"promotion_code", code})})
	if err != nil {
		return err
	}
	return c.nav.Assign(u)
}

// FinishPromoteAnonymousUser completes the promotion on the redirect page: the same
// checks and exchange as FinishAuthentication, which replaces the anonymous session.
func (c *Container) FinishPromoteAnonymousUser(ctx context.Context) (*AuthenticateResult, error) {
	return c.FinishAuthentication(ctx)
}

// authgearAPI posts fields as a JSON object to one of Authgear's JSON APIs, at the origin
// of the authorization endpoint (as @authgear/web), as an authorized request (the Bearer
// token when there is one, refreshed first; the cookie in cookie mode), and opens the
// `{"result":…}` / `{"error":…}` envelope. signIn marks a call that issues tokens: it
// carries a DPoP proof even without a session, so the new grant is bound (RFC 9449 §5).
func (c *Container) authgearAPI(ctx context.Context, cfg *config, path string, fields [][2]string, signIn bool) (map[string]any, error) {
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return nil, err
	}
	authEndpoint, err := need(meta.authorizationEndpoint, "authorization_endpoint")
	if err != nil {
		return nil, err
	}
	target, err := c.urls.Parse(authEndpoint, "")
	if err != nil {
		return nil, wrapError(ErrDiscovery, "authorization_endpoint is not a URL")
	}
	req := &protocolRequest{c: c, method: "POST", url: target.Origin + path, contentType: "application/json", body: jsonObject(fields)}
	pol := policy{trusted: true}
	if signIn && c.dpopOn(cfg, meta) {
		pol.bindKey = true
	}
	reply, err := c.authorized(ctx, req, pol)
	if err != nil {
		return nil, err
	}
	return authgearResult(reply.(*Response))
}

// authgearResult opens Authgear's envelope: an error object with name, reason and
// message is a *ServerError with those fields (and info); a result object is returned;
// anything else is a *ServerError of the status.
func authgearResult(resp *Response) (map[string]any, error) {
	obj, err := decodeObject(resp.Body)
	if err != nil {
		return nil, serverError(resp)
	}
	if e, ok := obj["error"].(map[string]any); ok {
		name, reason, message := stringField(e, "name"), stringField(e, "reason"), stringField(e, "message")
		if name != "" && reason != "" {
			info, _ := e["info"].(map[string]any)
			return nil, &ServerError{Status: resp.Status, Name: name, Reason: reason, Message: message, Info: info}
		}
	}
	result, ok := obj["result"].(map[string]any)
	if resp.Status < 200 || resp.Status > 299 || !ok {
		return nil, serverError(resp)
	}
	return result, nil
}
