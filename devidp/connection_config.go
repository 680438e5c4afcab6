package devidp

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DefaultVaultMinRemaining is how long an upstream access token must still live for the
// vault to hand it out as it is (or half its lifetime, when that is shorter); one closer
// to its end is refreshed upstream first, so the caller never gets a token that dies in
// flight.
const DefaultVaultMinRemaining = 5 * time.Minute

// Connection is an upstream OAuth 2.0 provider users may sign in through
// (startAuthentication's oauthProviderAlias): devidp is its confidential client
// (RFC 6749 §2.1) and keeps its tokens in the credential vault.
type Connection struct {
	// ID names the connection: the oauthProviderAlias, and {connectionID} in vault paths.
	ID string
	// AuthorizeURL and TokenURL are the provider's endpoints (RFC 6749 §3.1, §3.2).
	AuthorizeURL, TokenURL string
	// UserInfoURL answers the signed-in account as JSON with "sub" and "email"; devidp
	// links the account to the devidp user with the same email.
	UserInfoURL string
	// ClientID and ClientSecret authenticate devidp with HTTP Basic (RFC 6749 §2.3.1).
	ClientID, ClientSecret string
	// Scope is asked for when the app passes no connection scope.
	Scope string
}

// ConnectionProperties are what an app may pass through to the upstream authorize
// request (Authress's connectionProperties), each a parameter of that request. Only these
// pass: the client and redirect parameters stay devidp's own.
type ConnectionProperties struct {
	Scope      string // scope (RFC 6749 §3.3)
	AccessType string // access_type: "offline" asks for a refresh token (Google)
	Prompt     string // prompt, e.g. "consent" (Google, OpenID Connect Core 1.0 §3.1.2.1)
	LoginHint  string // login_hint
}

// connectionPropertyParams maps devidp's authorize parameters to upstream ones.
var connectionPropertyParams = []struct{ devidp, upstream string }{
	{"x_connection_scope", "scope"}, {"x_connection_access_type", "access_type"},
	{"x_connection_prompt", "prompt"}, {"x_connection_login_hint", "login_hint"},
}

func (c Connection) validate() error {
	for _, raw := range []string{c.AuthorizeURL, c.TokenURL, c.UserInfoURL} {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: connection %q: %q is not an absolute http(s) URL", ErrInvalidConfig, c.ID, raw)
		}
	}
	if c.ID == "" || strings.ContainsAny(c.ID, "/?#*") || c.ClientID == "" {
		return fmt.Errorf("%w: connection %q needs a plain ID and a client ID", ErrInvalidConfig, c.ID)
	}
	return nil
}
