package sdk

import (
	"context"
	"slices"
	"strings"
)

// The settings actions of @authgear/web's SettingsAction: what x_settings_action asks
// the provider's settings pages to do.
const (
	SettingsActionChangePassword = "change_password"
	SettingsActionDeleteAccount  = "delete_account"
	SettingsActionAddEmail       = "add_email"
	SettingsActionAddPhone       = "add_phone"
	SettingsActionAddUsername    = "add_username"
	SettingsActionChangeEmail    = "change_email"
	SettingsActionChangePhone    = "change_phone"
	SettingsActionChangeUsername = "change_username"
	SettingsActionLinkOAuth      = "link_oauth"
	SettingsActionUnlinkOAuth    = "unlink_oauth"
)

// settingsActions lists the actions this SDK knows; actionsNeedingAlias name a
// connection, actionsNeedingLoginID change an existing login ID.
var (
	settingsActions = []string{SettingsActionChangePassword, SettingsActionDeleteAccount, SettingsActionAddEmail,
		SettingsActionAddPhone, SettingsActionAddUsername, SettingsActionChangeEmail, SettingsActionChangePhone,
		SettingsActionChangeUsername, SettingsActionLinkOAuth, SettingsActionUnlinkOAuth}
	actionsNeedingAlias   = []string{SettingsActionLinkOAuth, SettingsActionUnlinkOAuth}
	actionsNeedingLoginID = []string{SettingsActionChangeEmail, SettingsActionChangePhone, SettingsActionChangeUsername}
)

// Authgear's settings-action response type and the grant that redeems its code.
const (
	responseTypeSettingsAction = "urn:authgear:params:oauth:response-type:settings-action"
	grantTypeSettingsAction    = "urn:authgear:params:oauth:grant-type:settings-action"
	// flowSettingsAction prefixes the pending flow of a settings action; the action follows.
	flowSettingsAction = "settings_action:"
)

// SettingsActionOptions are the arguments of the start<Action> members
// (@authgear/web's SettingsActionOptions, LinkOAuthOptions and UnlinkOAuthOptions, and
// the original login ID the change<Type> members take first).
type SettingsActionOptions struct {
	RedirectURI string
	State       string // the caller's own; the SDK sends its own CSRF state
	XState      string
	UILocales   []string
	// OAuthProviderAlias is the connection to link or unlink; required by those two.
	OAuthProviderAlias string
	// OriginalLoginID is the email, phone or username to change; required by those three.
	OriginalLoginID string
}

// StartSettingsAction sends the browser to one of the provider's settings pages to do
// action: Authgear's settings-action authorization request (PKCE S256, the ID token as
// id_token_hint, a one-use app session token as login_hint, x_settings_action and, for
// the change<Type> actions, x_settings_action_query=q_login_id=<original>), scoped
// without offline_access. It refuses before any request: in cookie mode, without a
// session, or unless the ID token held allows reauthentication.
func (c *Container) StartSettingsAction(ctx context.Context, action string, o SettingsActionOptions) error {
	cfg, err := c.configured()
	if err != nil {
		return err
	}
	if err := checkSettingsAction(action, o); err != nil {
		return err
	}
	if cfg.SessionType == SessionTypeCookie {
		return wrapError(ErrUnsupportedInCookieMode, "settings actions need the refresh token of the refresh_token session type")
	}
	snap := c.Snapshot()
	if snap.State != SessionStateAuthenticated {
		return wrapError(ErrNoSession, "a settings action needs a signed-in user")
	}
	if snap.IDToken == "" || !snap.CanReauthenticate {
		return wrapError(ErrCannotReauthenticate, "a settings action needs an ID token whose can_reauthenticate is true")
	}
	if _, err := c.parseRedirectURI(o.RedirectURI); err != nil {
		return err
	}
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return err
	}
	token, err := c.appSessionToken(ctx, cfg, meta)
	if err != nil {
		return err
	}
	endpoint, q, pending, err := c.codeRequest(ctx, cfg, responseTypeSettingsAction, o.RedirectURI, scopeReauthenticate)
	if err != nil {
		return err
	}
	q = appendIfSet(q, "x_state", o.XState)
	q = append(q, [2]string{"login_hint", loginHintAppSessionToken + queryEscape(token)})
	q = appendIfSet(q, "ui_locales", strings.Join(o.UILocales, " "))
	q = append(q, [2]string{"id_token_hint", snap.IDToken})
	q = appendIfSet(q, "x_oauth_provider_alias", o.OAuthProviderAlias)
	q = append(q, [2]string{"x_settings_action", action})
	if o.OriginalLoginID != "" { // @authgear/web sends q_login_id=undefined otherwise
		q = append(q, [2]string{"x_settings_action_query", encodeQuery([2]string{"q_login_id", o.OriginalLoginID})})
	}
	q = appendSSO(q, cfg, true)
	pending[keyOIDCUserState], pending[keyOIDCFlow] = o.State, flowSettingsAction+action
	if err := c.savePending(pending); err != nil {
		return err
	}
	return c.nav.Assign(withQuery(endpoint, encodeQuery(q...)))
}

// checkSettingsAction checks the action and the option it needs.
func checkSettingsAction(action string, o SettingsActionOptions) error {
	switch {
	case !slices.Contains(settingsActions, action):
		return InvalidOptions("unknown settings action " + action)
	case slices.Contains(actionsNeedingAlias, action) && o.OAuthProviderAlias == "":
		return InvalidOptions(action + ": oauthProviderAlias is required")
	case slices.Contains(actionsNeedingLoginID, action) && o.OriginalLoginID == "":
		return InvalidOptions(action + ": the original login ID (the first argument) is required")
	}
	return nil
}

// FinishSettingsAction handles the redirect of a settings action on the redirect URI
// page: the CSRF state check, then the settings-action grant (the code, the exact
// redirect URI and the PKCE verifier), which Authgear answers with an empty object. The
// session stays as it was, except after delete_account, whose user no longer exists:
// the session ends then (NO_SESSION, reason INVALID), as @authgear/web does. A second
// call for the same callback, during or after the first (React StrictMode), gets the
// first call's answer; the code is redeemed once.
func (c *Container) FinishSettingsAction(ctx context.Context, action string) error {
	cfg, err := c.configured()
	if err != nil {
		return err
	}
	if !slices.Contains(settingsActions, action) {
		return InvalidOptions("unknown settings action " + action)
	}
	_, err = c.finishOnce(ctx, action, func(ctx context.Context) (*AuthenticateResult, error) {
		return nil, c.finishSettingsAction(ctx, cfg, action)
	})
	return err
}

// finishSettingsAction is one settings action's finish (see FinishSettingsAction).
func (c *Container) finishSettingsAction(ctx context.Context, cfg *config, action string) error {
	pending, q, err := c.takeFlowRedirect(flowSettingsAction+action, action)
	if err != nil {
		return err
	}
	_, endpoint, err := c.tokenEndpoint(ctx, cfg)
	if err != nil {
		return err
	}
	gen := c.generation()
	resp, err := c.provider.send(ctx, formRequest(endpoint, [2]string{"grant_type", grantTypeSettingsAction},
		[2]string{"client_id", cfg.ClientID}, [2]string{"code", q["code"]},
		[2]string{"redirect_uri", pending[keyOIDCRedirectURI]}, [2]string{"code_verifier", pending[keyOIDCCodeVerifier]}))
	if err != nil {
		return err
	}
	if resp.Status != 200 {
		return responseError(resp)
	}
	if action != SettingsActionDeleteAccount {
		return nil
	}
	var result error
	c.locked(func() {
		if c.session.gen == gen { // a session started meanwhile is not the deleted user's
			result = c.forgetLocked(ReasonInvalid, thisTab)
		}
	})
	return result
}
