package sdk

import (
	"context"
	"errors"
	"strings"
)

// Credentials is what the core adds to one request. The zero value adds nothing.
type Credentials struct {
	// Authorization is the header to set ("Bearer …", RFC 6750 §2.1, or "DPoP …",
	// RFC 9449 §7.1), or "" for none.
	Authorization string
	// DPoP is the proof to send in the DPoP header with a DPoP token (RFC 9449 §7), or "".
	DPoP string
	// IncludeCookies asks for the fetch credentials mode "include" (Fetch Standard
	// §3.1.5): in cookie mode the session is the cookie (reference page 003).
	IncludeCookies bool
}

// Outgoing is one request the core authorizes: the app's own (a native Request the
// bridge holds as an opaque value) or one of the SDK's protocol calls. The core reads
// only what it decides on and asks the request to send itself, a second time for a replay.
type Outgoing interface {
	// URL is the absolute URL the request goes to.
	URL() string
	// Method is the request method, upper case: a DPoP proof names it (htm).
	Method() string
	// OwnAuthorization reports an Authorization header set by the caller: it is kept
	// and no token is added (the caller knows better which credential the API wants).
	OwnAuthorization() bool
	// OwnCredentials reports a credentials mode chosen by the caller: cookie mode keeps it.
	OwnCredentials() bool
	// Replayable reports whether the body can be sent again; a one-shot stream cannot.
	Replayable() bool
	// Send sends the request with creds added. Each call sends it once more.
	Send(ctx context.Context, creds Credentials) (Reply, error)
}

// Reply is the part of a response the core decides on; the rest stays with the sender.
type Reply interface {
	StatusCode() int
	// HeaderValue returns the named header ("" when absent); name is lower case.
	HeaderValue(name string) string
}

// policy is what distinguishes the SDK's own calls from the app's.
type policy struct {
	// trusted requests go to the provider's own endpoints (discovery named them): the
	// allowlist for app requests does not apply.
	trusted bool
	// needSession names the call that fails with ErrNoSession when there is no token to
	// send; "" sends the request without one, as fetch() does.
	needSession string
	// bindKey sends a DPoP proof of the container's key (made if need be) even without a
	// session: the call issues tokens, which the provider then binds to the key.
	bindKey bool
}

// Fetch is fetch() of the JavaScript API: the app's request with the session added, as
// x/oauth2's Transport.RoundTrip adds a token. It is the one place that decides where a
// token goes, when to refresh and when to replay; fetchUserInfo and
// getConnectionCredentials use it too. The sender's errors (an aborted signal, a
// TypeError) are returned unchanged, so fetch() rejects exactly as native fetch does.
func (c *Container) Fetch(ctx context.Context, out Outgoing) (Reply, error) {
	if err := ctx.Err(); err != nil { // aborted before the call: nothing is sent, no refresh started
		return nil, errors.Join(ErrCanceled, err)
	}
	return c.authorized(ctx, out, policy{})
}

// authorized sends out with the credentials its target may get (RFC 6750 §2.1): the
// token only where tokenAllowed says, refreshed first when due; in cookie mode the same
// allowlist decides credentials "include", unless the caller chose a mode, so the
// session cookie does not go to other origins of the same host (cookies ignore ports,
// RFC 6265 §8.5). A 401 with a Bearer invalid_token challenge (RFC 6750 §3.1) is
// answered by one forced refresh, shared with concurrent callers, and one replay.
func (c *Container) authorized(ctx context.Context, out Outgoing, p policy) (Reply, error) {
	creds, ready, err := c.credentials(out, p, false)
	if err != nil {
		return nil, err
	}
	if !ready { // the token branch, with a refresh due or a key to bind
		if err := c.RefreshAccessTokenIfNeeded(ctx); err != nil {
			return nil, err
		}
		if creds, err = c.bearerCredentials(p); err != nil {
			return nil, err
		}
		if creds.Authorization == "" {
			if bk := c.bindingKey(ctx, p); bk != nil {
				return c.sendProved(ctx, out, bk, "", "")
			}
		}
	}
	reply, err := c.send(ctx, out, creds)
	if err != nil || !c.replayNeeded(out, creds, reply) {
		return reply, err
	}
	return c.replay(ctx, out, creds, reply)
}

// send sends out with creds; a token goes through sendWithToken, which adds a DPoP
// token's proof.
func (c *Container) send(ctx context.Context, out Outgoing, creds Credentials) (Reply, error) {
	if creds.Authorization != "" {
		return c.sendWithToken(ctx, out, creds.Authorization)
	}
	return out.Send(ctx, creds)
}

// tokenMayGo parses an app request's URL and applies the allowlist against the page; it
// returns the target's origin too (for the withheld-credentials warning). Both URLs come
// serialized by the browser, so serializedOrigin usually reads them without a second
// parse; any other shape goes to the WHATWG parser.
func (c *Container) tokenMayGo(cfg *config, rawURL string) (string, bool, error) {
	u, ok := serializedOrigin(rawURL)
	target := &u
	if !ok {
		var err error
		if target, err = c.urls.Parse(rawURL, ""); err != nil {
			return "", false, InvalidOptions("fetch: cannot parse the request URL " + rawURL)
		}
	}
	page, ok := c.page.origin(c.urls, c.nav)
	if !ok {
		return target.Origin, false, nil
	}
	return target.Origin, tokenAllowed(target, page, cfg.APIOrigins), nil
}

// retryHeader is the header to replay a rejected request with, or "" when it must not
// be replayed: only a Bearer challenge with error="invalid_token" means the token is bad.
// Unless the token already changed since used was sent, it is refreshed once.
func (c *Container) retryHeader(ctx context.Context, used, wwwAuthenticate string) (string, error) {
	if !isInvalidTokenChallenge(wwwAuthenticate) {
		return "", nil
	}
	if current := c.bearer(); current != "" && current != used {
		return current, nil
	}
	if err := c.refresh(ctx, true); err != nil {
		return "", err
	}
	if current := c.bearer(); current != used {
		return current, nil
	}
	return "", nil
}

// bearer is the Authorization value of the published access token, or "": the DPoP
// scheme for a token bound to the key (RFC 9449 §7.1), Bearer otherwise.
func (c *Container) bearer() string {
	published := c.session.snapshot.Load()
	if h, ok := c.header.get(published); ok {
		return h
	}
	h := authorizationOf(*published)
	c.header.put(published, h)
	return h
}

// authorizationOf is the Authorization value of snap's access token, or "".
func authorizationOf(snap Snapshot) string {
	switch {
	case snap.AccessToken == "":
		return ""
	case equalFoldASCII(snap.TokenType, tokenTypeDPoP):
		return "DPoP " + snap.AccessToken
	}
	return "Bearer " + snap.AccessToken
}

// tokenAllowed is the token's allowlist: the page's own origin, and the origins of
// apiOrigins — never plain http off loopback, where the token would cross the network
// readable (RFC 6750 §5.3). Any other origin, https or not, gets nothing: a URL the page
// did not mean (a <base href> an attacker injected, a third-party script's beacon) must
// not carry the session away. @authgear/web's fetch sends the token to any URL.
func tokenAllowed(target *URL, pageOrigin string, apiOrigins []string) bool {
	if !isSecureOrLoopback(target) {
		return false
	}
	if target.Origin == pageOrigin {
		return true
	}
	for _, o := range apiOrigins {
		if o == target.Origin {
			return true
		}
	}
	return false
}

// isInvalidTokenChallenge reports whether a WWW-Authenticate value is a Bearer challenge
// with error="invalid_token" (RFC 6750 §3).
func isInvalidTokenChallenge(header string) bool {
	lower := lowerASCII(header)
	i := strings.Index(lower, "bearer")
	if i < 0 {
		i = strings.Index(lower, "dpop") // RFC 9449 §7.1: a DPoP token's challenge
	}
	if i < 0 {
		return false
	}
	rest := strings.ReplaceAll(lower[i:], " ", "")
	return strings.Contains(rest, `error="invalid_token"`) || strings.Contains(rest, "error=invalid_token")
}
