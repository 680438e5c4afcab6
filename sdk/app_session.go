package sdk

import (
	"context"
)

// loginHintAppSessionToken is the login_hint that makes the provider spend an app
// session token (Authgear's grammar, https://authgear.com/login_hint?…).
const loginHintAppSessionToken = "https://authgear.com/login_hint?type=app_session_token&app_session_token="

// appSessionToken trades the stored refresh token for a one-use app session token
// (POST /oauth2/app_session_token on the authorization endpoint's origin), authorized
// like fetch(). Authgear's InvalidGrant answer means the refresh token is dead: the
// session ends (NO_SESSION, INVALID).
func (c *Container) appSessionToken(ctx context.Context, cfg *config, meta *providerMetadata) (string, error) {
	c.session.mu.Lock()
	rt := c.session.refreshTokenLocked()
	c.session.mu.Unlock()
	if rt == "" {
		return "", wrapError(ErrNoSession, "no refresh token is stored")
	}
	authz, err := c.urls.Parse(meta.authorizationEndpoint, "")
	if err != nil {
		return "", wrapError(ErrDiscovery, "authorization_endpoint cannot be parsed")
	}
	req := &protocolRequest{c: c, method: "POST", url: authz.Origin + "/oauth2/app_session_token",
		contentType: "application/json", body: jsonObject([][2]string{{"refresh_token", rt}})}
	reply, err := c.authorized(ctx, req, policy{trusted: true})
	if err != nil {
		return "", err
	}
	resp := reply.(*Response)
	obj, decodeErr := decodeObject(resp.Body)
	if resp.Status == 200 && decodeErr == nil {
		if result, ok := obj["result"].(map[string]any); ok {
			if token := stringField(result, "app_session_token"); token != "" {
				return token, nil
			}
		}
	}
	if apiErr, ok := obj["error"].(map[string]any); ok && stringField(apiErr, "reason") == "InvalidGrant" {
		c.locked(func() {
			if c.session.gen == req.sentGen {
				_ = c.forgetLocked(ReasonInvalid, thisTab)
			}
		})
	}
	return "", serverError(resp)
}
