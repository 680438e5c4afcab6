package sdk

import (
	"context"
	"strings"
)

// Authorization is what fetch() adds to an app request.
type Authorization struct {
	// Header is the Authorization value ("Bearer …"), or "" when none may be sent.
	Header string
	// IncludeCookies is set in cookie mode for the origins the session may go to: the
	// session is the cookie, sent with credentials "include" (reference page 003,
	// "Cookie-based"; Fetch Standard §3.1.5 credentials mode).
	IncludeCookies bool
}

// AuthorizeRequest decides how fetch() authenticates a request to rawURL made from the
// page at pageURL: it refreshes the access token if needed (RFC 6750 §2.1) and attaches
// it only where tokenAllowed says so. A request the token may not go to is still sent,
// without it, and triggers no refresh. Cookie mode applies the same allowlist to
// credentials "include": elsewhere the request keeps the caller's credentials mode, so
// the session cookie does not go to other origins of the same host (cookies ignore
// ports, RFC 6265 §8.5) and a third-party API that answers CORS with "*" still works.
func (c *Container) AuthorizeRequest(ctx context.Context, rawURL, pageURL string) (Authorization, error) {
	c.mu.Lock()
	cfg := c.cfg
	c.mu.Unlock()
	if cfg == nil {
		return Authorization{}, ErrNotConfigured
	}
	target, err := c.urls.Parse(rawURL, pageURL)
	if err != nil {
		return Authorization{}, InvalidOptions("fetch: cannot parse the request URL " + rawURL)
	}
	page, err := c.urls.Parse(pageURL, "")
	if err != nil || !tokenAllowed(target, page.Origin, cfg.APIOrigins) {
		return Authorization{}, nil
	}
	if cfg.SessionType == SessionTypeCookie {
		return Authorization{IncludeCookies: true}, nil
	}
	if err := c.RefreshAccessTokenIfNeeded(ctx); err != nil {
		return Authorization{}, err
	}
	return c.currentAuthorization(), nil
}

// RetryAuthorization is called when the app server answered 401. Only a Bearer challenge
// with error="invalid_token" (RFC 6750 §3.1) means the token is bad: then, unless the
// token already changed since usedHeader was sent, the token is refreshed once, shared
// with concurrent callers. It returns the header to replay with, or "" when the request
// must not be replayed (other 401s, no session, or the refresh ended the session).
func (c *Container) RetryAuthorization(ctx context.Context, usedHeader, wwwAuthenticate string) (string, error) {
	if usedHeader == "" || !isInvalidTokenChallenge(wwwAuthenticate) {
		return "", nil
	}
	if current := c.currentAuthorization().Header; current != "" && current != usedHeader {
		return current, nil
	}
	if err := c.refresh(ctx, true); err != nil {
		return "", err
	}
	if current := c.currentAuthorization().Header; current != usedHeader {
		return current, nil
	}
	return "", nil
}

// currentAuthorization is the Bearer header of the published access token.
func (c *Container) currentAuthorization() Authorization {
	if token := c.Snapshot().AccessToken; token != "" {
		return Authorization{Header: "Bearer " + token}
	}
	return Authorization{}
}

// tokenAllowed is the token's allowlist. With apiOrigins, exactly those origins. Without,
// the page's own origin and https origins — and never plain http off loopback, where the
// token would cross the network readable (RFC 6750 §5.3). Authgear's and Auth0's wrappers
// send the token to any URL; leaking it to a third-party API is how sessions get stolen.
func tokenAllowed(target *URL, pageOrigin string, apiOrigins []string) bool {
	if !isSecureOrLoopback(target) {
		return false
	}
	if len(apiOrigins) > 0 {
		for _, o := range apiOrigins {
			if o == target.Origin {
				return true
			}
		}
		return false
	}
	return target.Origin == pageOrigin || target.Protocol == "https:"
}

// isInvalidTokenChallenge reports whether a WWW-Authenticate value is a Bearer challenge
// with error="invalid_token" (RFC 6750 §3).
func isInvalidTokenChallenge(header string) bool {
	lower := strings.ToLower(header)
	i := strings.Index(lower, "bearer")
	if i < 0 {
		return false
	}
	rest := strings.ReplaceAll(lower[i+len("bearer"):], " ", "")
	return strings.Contains(rest, `error="invalid_token"`) || strings.Contains(rest, "error=invalid_token")
}
