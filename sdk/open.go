package sdk

import (
	"context"
	"strings"
)

// The pages of open() (@authgear/web's Page enum).
const (
	PageSettings   = "/settings"
	PageIdentities = "/settings/identities"
)

// OpenOptions are open()'s options (@authgear/web's SettingOptions).
type OpenOptions struct {
	UILocales []string
	// OpenInSameTab navigates this tab instead of the one the caller opened.
	OpenInSameTab bool
}

// Tab is a browser tab the caller opened, blank, while the user's click still allowed
// it: popup blockers refuse a window.open made after a network request.
type Tab interface {
	// Navigate sends the tab to url.
	Navigate(url string) error
	// Close closes the tab: the page cannot be opened after all.
	Close()
}

// Open shows one of the provider's pages signed in: in refresh-token mode it trades the
// refresh token for an app session token, then sends the browser to the authorization
// endpoint with response_type=none, prompt=none and that token as login_hint, which sets
// the provider's app_session cookie and redirects to the page. Cookie mode goes to the
// page directly: the session cookie is already the provider's. It navigates tab, or this
// tab when tab is nil; on failure tab is closed.
func (c *Container) Open(ctx context.Context, page string, o OpenOptions, tab Tab) (err error) {
	if tab != nil {
		defer func() {
			if err != nil {
				tab.Close()
			}
		}()
	}
	cfg, err := c.configured()
	if err != nil {
		return err
	}
	if page != PageSettings && page != PageIdentities {
		return InvalidOptions("open: page must be Page.Settings or Page.Identities, got " + page)
	}
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return err
	}
	authz, err := c.urls.Parse(meta.authorizationEndpoint, "")
	if err != nil {
		return wrapError(ErrDiscovery, "authorization_endpoint cannot be parsed")
	}
	target := authz.Origin + page
	if len(o.UILocales) > 0 {
		target += "?" + encodeQuery([2]string{"ui_locales", strings.Join(o.UILocales, " ")}) // no bare "?" otherwise
	}
	dest := target
	if cfg.SessionType == SessionTypeRefreshToken {
		token, err := c.appSessionToken(ctx, cfg, meta)
		if err != nil {
			return err
		}
		q := [][2]string{{"response_type", "none"}, {"scope", scopeOpenID + " " + scopeOfflineAccess + " " + scopeFullAccess}, {"client_id", cfg.ClientID},
			{"redirect_uri", target}, {"prompt", "none"}, {"login_hint", loginHintAppSessionToken + queryEscape(token)}}
		dest = withQuery(meta.authorizationEndpoint, encodeQuery(appendSSO(q, cfg, true)...))
	}
	if tab != nil {
		return tab.Navigate(dest)
	}
	return c.nav.Assign(dest)
}

// queryEscape percent-encodes one query value; the login_hint is a URL inside a URL, so
// its own values are encoded once here and once more by encodeQuery, as Authgear's are.
func queryEscape(s string) string {
	var b strings.Builder
	percentEncode(&b, s)
	return b.String()
}
