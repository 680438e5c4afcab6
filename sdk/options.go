package sdk

import (
	"strings"
	"time"
)

// SessionType chooses how the app server recognises the user (reference page 003):
// an access token in the Authorization header, or Authgear's session cookie.
type SessionType string

// The session types Authgear's web SDK accepts.
const (
	SessionTypeRefreshToken SessionType = "refresh_token"
	SessionTypeCookie       SessionType = "cookie"
)

// TokenStorage chooses where the refresh token lives: localStorage (survives reloads, as
// Authgear's PersistentTokenStorage) or memory only (gone with the page).
type TokenStorage string

// The token storages Authgear's web SDK offers.
const (
	TokenStoragePersistent TokenStorage = "persistent"
	TokenStorageTransient  TokenStorage = "transient"
)

// Options are the arguments of configure(). Zero values take Authgear's defaults.
type Options struct {
	ClientID     string
	Endpoint     string
	SessionType  SessionType
	IsSSOEnabled bool
	TokenStorage TokenStorage
	// APIOrigins lists the origins (scheme://host[:port]) that may receive the access
	// token from fetch() besides the page's own origin, which always may. Empty adds none.
	APIOrigins []string
	// Timeout bounds every request to the provider (discovery, token, userinfo, revocation,
	// Authgear's APIs): one that has not answered by then fails with a NetworkError for
	// ErrTimeout and keeps the session. Zero means DefaultTimeout.
	Timeout time.Duration
	// Scopes, when set, are the scopes to request instead of the SDK's choice from the
	// provider's scopes_supported (requestScope); openid is always sent.
	Scopes []string
	// DisableDPoP is configure's dpop: false: no key is made and tokens stay Bearer even
	// where the provider offers DPoP (RFC 9449), which is used by default.
	DisableDPoP bool
}

// config is Options after validation: the endpoint is canonical and origins are normalised.
type config struct {
	Options
	endpoint *URL
}

// validate checks Options the way a developer needs: one message naming the bad field.
func (o Options) validate(urls URLParser) (*config, error) {
	if strings.TrimSpace(o.ClientID) == "" {
		return nil, InvalidOptions("configure: clientID is required")
	}
	endpoint, err := parseEndpoint(urls, o.Endpoint)
	if err != nil {
		return nil, err
	}
	cfg := &config{Options: o, endpoint: endpoint}
	cfg.Endpoint = strings.TrimSuffix(endpoint.Href, "/")
	switch o.SessionType {
	case "":
		cfg.SessionType = SessionTypeRefreshToken
	case SessionTypeRefreshToken, SessionTypeCookie:
	default:
		return nil, InvalidOptions(`configure: sessionType must be "refresh_token" or "cookie", got "` + string(o.SessionType) + `"`)
	}
	switch o.TokenStorage {
	case "":
		cfg.TokenStorage = TokenStoragePersistent
	case TokenStoragePersistent, TokenStorageTransient:
	default:
		return nil, InvalidOptions(`configure: tokenStorage must be "persistent" or "transient", got "` + string(o.TokenStorage) + `"`)
	}
	if o.Timeout < 0 {
		return nil, InvalidOptions("configure: timeout must be a positive number of milliseconds")
	}
	for _, scope := range o.Scopes {
		if scope == "" || strings.ContainsAny(scope, " \t\n\"\\") {
			return nil, InvalidOptions("configure: scopes entries must be scope tokens (RFC 6749 §3.3), got \"" + scope + "\"")
		}
	}
	cfg.APIOrigins = make([]string, 0, len(o.APIOrigins))
	for _, raw := range o.APIOrigins {
		origin, err := parseOrigin(urls, raw)
		if err != nil {
			return nil, err
		}
		cfg.APIOrigins = append(cfg.APIOrigins, origin)
	}
	return cfg, nil
}

// parseEndpoint accepts an absolute https URL, or http only on a loopback host.
func parseEndpoint(urls URLParser, raw string) (*URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, InvalidOptions("configure: endpoint is required")
	}
	u, err := urls.Parse(raw, "")
	if err != nil {
		return nil, InvalidOptions("configure: endpoint must be an absolute URL such as https://myapp.authgear.cloud, got " + raw)
	}
	if u.Protocol != "https:" && u.Protocol != "http:" {
		return nil, InvalidOptions("configure: endpoint must be an http(s) URL, got " + raw)
	}
	if !isSecureOrLoopback(u) {
		return nil, InvalidOptions("configure: endpoint must use https (http is allowed only for localhost, 127.0.0.1 and [::1]), got " + raw)
	}
	if u.Username != "" || u.Password != "" || u.Search != "" || u.Hash != "" {
		return nil, InvalidOptions("configure: endpoint must not contain credentials, a query or a fragment, got " + raw)
	}
	return u, nil
}

// parseOrigin normalises an apiOrigins entry to its serialised origin.
func parseOrigin(urls URLParser, raw string) (string, error) {
	u, err := urls.Parse(raw, "")
	if err != nil || (u.Protocol != "https:" && u.Protocol != "http:") || u.Username != "" || u.Password != "" ||
		(u.Pathname != "" && u.Pathname != "/") || u.Search != "" || u.Hash != "" {
		return "", InvalidOptions("configure: apiOrigins entries must be origins like https://api.example.com, got " + raw)
	}
	if !isSecureOrLoopback(u) {
		return "", InvalidOptions("configure: apiOrigins entries must use https (http only for localhost, 127.0.0.1 and [::1]), got " + raw)
	}
	return u.Origin, nil
}
