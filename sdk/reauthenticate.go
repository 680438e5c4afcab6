package sdk

import (
	"context"
	"strconv"
	"strings"
)

// flowReauthenticate marks the pending request of a reauthentication.
const flowReauthenticate = "reauthentication"

// scopeReauthenticate has no offline_access: reauthentication proves the user is still
// there; it must not start a second session with a refresh token of its own.
const scopeReauthenticate = scopeOpenID + " " + scopeFullAccess

// ReauthenticateOptions are the arguments of startReauthentication (@authgear/web's
// ReauthenticateOptions).
type ReauthenticateOptions struct {
	RedirectURI             string
	State                   string // the caller's state, returned by FinishReauthentication
	XState                  string
	UILocales               []string
	MaxAge                  int // seconds since the last authentication; 0 always asks again
	AuthenticationFlowGroup string
}

// ReauthenticateResult is what finishReauthentication resolves to.
type ReauthenticateResult struct {
	UserInfo *UserInfo
	State    string
}

// StartReauthentication sends the browser to the authorization endpoint to prove the
// user is still the one signed in: the authorization code flow with PKCE, the ID token
// held as id_token_hint and max_age (OIDC Core §3.1.2.1), without offline_access. The
// SDK's own CSRF state and nonce apply as at login. It refuses, before any request, with
// ErrCannotReauthenticate unless the ID token held allows it (CanReauthenticate).
func (c *Container) StartReauthentication(ctx context.Context, o ReauthenticateOptions) error {
	cfg, err := c.configured()
	if err != nil {
		return err
	}
	snap := c.Snapshot()
	if snap.IDToken == "" || !snap.CanReauthenticate {
		return wrapError(ErrCannotReauthenticate, "startReauthentication needs an ID token whose can_reauthenticate is true")
	}
	if o.MaxAge < 0 {
		return InvalidOptions("maxAge must not be negative")
	}
	if _, err := c.parseRedirectURI(o.RedirectURI); err != nil {
		return err
	}
	endpoint, q, pending, err := c.codeRequest(ctx, cfg, "code", o.RedirectURI, scopeReauthenticate)
	if err != nil {
		return err
	}
	q = appendIfSet(q, "ui_locales", strings.Join(o.UILocales, " "))
	q = appendIfSet(q, "x_state", o.XState)
	q = append(q, [2]string{"id_token_hint", snap.IDToken}, [2]string{"max_age", strconv.Itoa(o.MaxAge)})
	q = appendSSO(q, cfg, cfg.SessionType == SessionTypeRefreshToken)
	q = appendIfSet(q, "x_authentication_flow_group", o.AuthenticationFlowGroup)
	pending[keyOIDCUserState], pending[keyOIDCFlow] = o.State, flowReauthenticate
	if err := c.savePending(pending); err != nil {
		return err
	}
	return c.nav.Assign(withQuery(endpoint, encodeQuery(q...)))
}

// codeRequest starts an authorization request that answers with a code (responseType
// "code", or Authgear's settings-action type) with PKCE S256 (RFC 7636 §4.3), a CSRF
// state and a nonce: the authorization endpoint, the first parameters and the one-time
// values to keep.
func (c *Container) codeRequest(ctx context.Context, cfg *config, responseType, redirectURI, scope string) (string, [][2]string, map[string]string, error) {
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return "", nil, nil, err
	}
	endpoint, err := need(meta.authorizationEndpoint, "authorization_endpoint")
	if err != nil {
		return "", nil, nil, err
	}
	state, err := randomString(c.crypto, stateBytes)
	if err != nil {
		return "", nil, nil, err
	}
	nonce, err := randomString(c.crypto, stateBytes)
	if err != nil {
		return "", nil, nil, err
	}
	code, err := newPKCE(ctx, c.crypto)
	if err != nil {
		return "", nil, nil, err
	}
	q := [][2]string{{"response_type", responseType}, {"client_id", cfg.ClientID}, {"redirect_uri", redirectURI},
		{"scope", scope}, {"code_challenge_method", "S256"}, {"code_challenge", code.challenge},
		{"state", state}, {"nonce", nonce}}
	pending := map[string]string{keyOIDCCodeVerifier: code.verifier, keyOIDCState: state,
		keyOIDCNonce: nonce, keyOIDCRedirectURI: redirectURI}
	return endpoint, q, pending, nil
}

// FinishReauthentication handles the redirect of a reauthentication: the state check,
// the code exchange with the PKCE verifier, the ID token's iss, aud and nonce. The new
// ID token (with the new auth_time) replaces the one held, in memory and storage; the
// session keeps its refresh and access tokens and its state. The user info is fetched
// with the new access token, which is then dropped, as @authgear/web does.
func (c *Container) FinishReauthentication(ctx context.Context) (*ReauthenticateResult, error) {
	cfg, err := c.configured()
	if err != nil {
		return nil, err
	}
	pending, q, err := c.takeFlowRedirect(flowReauthenticate, "reauthentication")
	if err != nil {
		return nil, err
	}
	meta, endpoint, err := c.tokenEndpoint(ctx, cfg)
	if err != nil {
		return nil, err
	}
	gen := c.generation()
	tok, err := c.provider.tokenRequest(ctx, endpoint, c.tokenProver(ctx, cfg, meta),
		[2]string{"grant_type", "authorization_code"}, [2]string{"code", q["code"]},
		[2]string{"redirect_uri", pending[keyOIDCRedirectURI]}, [2]string{"client_id", cfg.ClientID},
		[2]string{"code_verifier", pending[keyOIDCCodeVerifier]})
	if err != nil {
		return nil, err
	}
	if tok.idToken == "" {
		return nil, wrapError(ErrInvalidIDToken, "the token response has no id_token")
	}
	want := idTokenWant{authorized: true, nonce: pending[keyOIDCNonce], sub: subjectOf(c.Snapshot().IDToken)}
	if err := c.verifyIDToken(ctx, meta, cfg.ClientID, tok.idToken, want); err != nil {
		return nil, err
	}
	info, err := c.userInfoWith(ctx, meta, tok)
	if err != nil {
		return nil, err
	}
	if err := checkUserInfoSubject(info, tok.idToken); err != nil {
		return nil, err
	}
	var result error
	c.locked(func() {
		if c.session.gen != gen {
			result = wrapError(ErrNoSession, "the session changed during reauthentication")
			return
		}
		if result = c.session.store().Set(c.session.key(keyIDToken), tok.idToken); result == nil {
			c.session.publishIDTokenLocked(tok.idToken)
		}
	})
	if result != nil {
		return nil, result
	}
	return &ReauthenticateResult{UserInfo: info, State: pending[keyOIDCUserState]}, nil
}

// takeFlowRedirect takes the pending request, which must be of flow (what names it for
// people), and checks its redirect (checkCodeRedirect).
func (c *Container) takeFlowRedirect(flow, what string) (pending, q map[string]string, err error) {
	if pending, err = c.takePending(); err != nil {
		return nil, nil, err
	}
	if pending[keyOIDCFlow] != flow || pending[keyOIDCState] == "" {
		return nil, nil, wrapError(ErrNoAuthentication, "no "+what+" was started in this browser")
	}
	q, err = c.checkCodeRedirect(pending)
	return pending, q, err
}

// tokenEndpoint is the provider's metadata and its token endpoint.
func (c *Container) tokenEndpoint(ctx context.Context, cfg *config) (*providerMetadata, string, error) {
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return nil, "", err
	}
	endpoint, err := need(meta.tokenEndpoint, "token_endpoint")
	return meta, endpoint, err
}

// checkCodeRedirect checks a code redirect against the pending request: the redirect URI
// page, the provider's error, the CSRF state (RFC 6749 §10.12) and the code. The response
// parameters leave the address bar whatever the outcome.
func (c *Container) checkCodeRedirect(pending map[string]string) (map[string]string, error) {
	current, err := c.checkRedirectPage(pending[keyOIDCRedirectURI])
	if err != nil {
		return nil, err
	}
	_ = c.nav.ReplaceURL(withoutResponseParams(current)) // best effort: history cleanup
	q := current.Query
	if code := q["error"]; code != "" {
		return nil, &OAuthError{Code: code, Description: q["error_description"], URI: q["error_uri"], State: pending[keyOIDCUserState]}
	}
	if q["state"] == "" || !constantTimeEqual(q["state"], pending[keyOIDCState]) {
		return nil, ErrStateMismatch
	}
	if q["code"] == "" {
		return nil, ErrMissingCode
	}
	if pending[keyOIDCCodeVerifier] == "" {
		return nil, ErrNoAuthentication
	}
	return q, nil
}

// userInfoWith asks the UserInfo endpoint with an access token that is not the
// session's (OIDC Core §5.3.1).
func (c *Container) userInfoWith(ctx context.Context, meta *providerMetadata, tok *tokenResponse) (*UserInfo, error) {
	endpoint, err := need(meta.userinfoEndpoint, "userinfo_endpoint")
	if err != nil {
		return nil, err
	}
	header := "Bearer " + tok.accessToken
	if equalFoldASCII(tok.tokenType, tokenTypeDPoP) {
		header = "DPoP " + tok.accessToken
	}
	req := &protocolRequest{c: c, method: "GET", url: endpoint}
	reply, err := c.sendWithToken(ctx, req, header)
	if err != nil {
		return nil, err
	}
	resp := reply.(*Response)
	if resp.Status != 200 {
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
	return info, nil
}

// generation is the session generation now: a result applies only if it is unchanged.
func (c *Container) generation() uint64 {
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	return c.session.gen
}
