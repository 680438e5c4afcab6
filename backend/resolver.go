package backend

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Resolver checks requests by asking Authgear's resolver endpoint, the
// "Forwarding to Authgear Resolver Endpoint" approach: it works for both
// bearer tokens and cookie sessions, and sees revocation at once, up to the
// cache TTL. It is safe for concurrent use.
type Resolver struct {
	url    string
	client *http.Client
	clock  func() time.Time
	cache  *userCache
}

// NewResolver returns a Resolver for the Authgear endpoint; requests go to
// ${endpoint}/_resolver/resolve.
func NewResolver(endpoint string, opts ...ResolverOption) *Resolver {
	cfg := newResolverConfig(opts)
	return &Resolver{
		url:    strings.TrimSuffix(endpoint, "/") + "/_resolver/resolve",
		client: cfg.client,
		clock:  cfg.clock,
		cache:  newUserCache(cfg.cacheTTL, cfg.cacheSize),
	}
}

// Resolve forwards req's Authorization and Cookie headers to the resolver and
// returns the user it names. Errors wrap ErrNoCredential (nothing to forward,
// or no x-authgear-session-valid in the answer), ErrInvalidToken
// (x-authgear-session-valid: false) or ErrResolverUnavailable (transport
// error, non-200, malformed answer). Only valid answers are cached.
func (r *Resolver) Resolve(ctx context.Context, req *http.Request) (*User, error) {
	authz := req.Header.Values("Authorization")
	cookies := req.Header.Values("Cookie")
	if len(authz) == 0 && len(cookies) == 0 {
		return nil, ErrNoCredential
	}
	var key cacheKey
	if r.cache != nil {
		key = newCacheKey(authz, cookies)
		if u, ok := r.cache.get(key, r.clock()); ok {
			return u, nil
		}
	}
	u, err := r.ask(ctx, authz, cookies)
	if err != nil {
		return nil, err
	}
	r.cache.put(key, u, r.clock())
	return u, nil
}

// ask makes one GET to the resolver and reads its answer headers.
func (r *Resolver) ask(ctx context.Context, authz, cookies []string) (*User, error) {
	out, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrResolverUnavailable, err)
	}
	for _, v := range authz {
		out.Header.Add("Authorization", v)
	}
	for _, v := range cookies {
		out.Header.Add("Cookie", v)
	}
	resp, err := r.client.Do(out)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrResolverUnavailable, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	return parseResolverAnswer(resp.StatusCode, resp.Header)
}

// parseResolverAnswer reads the resolver's verdict from its status and
// x-authgear-* headers: no x-authgear-session-valid means no session
// (ErrNoCredential), "false" a revoked one (ErrInvalidToken), anything but
// "true" or a status other than 200 a resolver that cannot be trusted now
// (ErrResolverUnavailable).
func parseResolverAnswer(status int, h http.Header) (*User, error) {
	if status != http.StatusOK {
		return nil, fmt.Errorf("%w: status %d", ErrResolverUnavailable, status)
	}
	switch valid := h.Get("X-Authgear-Session-Valid"); {
	case valid == "":
		return nil, ErrNoCredential
	case strings.EqualFold(valid, "true"):
		return userFromResolverHeaders(h)
	case strings.EqualFold(valid, "false"):
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, errSessionRevoked)
	default:
		return nil, fmt.Errorf("%w: x-authgear-session-valid is neither true nor false", ErrResolverUnavailable)
	}
}

// userFromResolverHeaders maps the x-authgear-* headers of a valid answer to
// a User. A valid answer without a user ID is malformed.
func userFromResolverHeaders(h http.Header) (*User, error) {
	u := &User{
		Sub:               h.Get("X-Authgear-User-Id"),
		Roles:             splitList(h.Get("X-Authgear-User-Roles")),
		IsAnonymous:       isTrue(h.Get("X-Authgear-User-Anonymous")),
		IsVerified:        isTrue(h.Get("X-Authgear-User-Verified")),
		CanReauthenticate: isTrue(h.Get("X-Authgear-User-Can-Reauthenticate")),
		AMR:               splitList(h.Get("X-Authgear-Session-Amr")),
	}
	if u.Sub == "" {
		return nil, fmt.Errorf("%w: valid session without x-authgear-user-id", ErrResolverUnavailable)
	}
	if s := h.Get("X-Authgear-Session-Authenticated-At"); s != "" {
		if secs, err := strconv.ParseInt(s, 10, 64); err == nil && secs > 0 && secs < maxUnixSeconds {
			u.AuthenticatedAt = time.Unix(secs, 0)
		}
	}
	return u, nil
}

// splitList splits a header list on commas and spaces, dropping empties.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

func isTrue(s string) bool { return strings.EqualFold(s, "true") }

// Middleware admits requests the resolver accepts, with the User in the
// context (UserFrom) and without any x-authgear-* header the client sent
// itself. A missing or rejected credential gets 401 with a
// WWW-Authenticate challenge (RFC 6750 §3); an unreachable resolver gets 503,
// because a 401 would make the SDK drop a session that may be fine.
func (r *Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		u, err := r.Resolve(req.Context(), req)
		if err != nil {
			writeAuthError(w, err)
			return
		}
		next.ServeHTTP(w, withoutClientAuthgearHeaders(req).WithContext(WithUser(req.Context(), u)))
	})
}
