package sdk

import (
	"context"
	"errors"
	"strings"
	"time"
)

// DefaultConnectionTimeout bounds GetConnectionCredentials when the caller gives none: a
// vault may have to refresh the provider's token first, but a page must not hang on it.
const DefaultConnectionTimeout = 10 * time.Second

// The credential vault endpoints under the SDK's endpoint: one connection's, and the
// connection the user signed in through.
const (
	connectionCredentialsPath = "/api/v1/users/me/connections/"
	signInCredentialsPath     = "/api/v1/users/me/credentials"
)

// errConnectionTimeout is the cause of the NetworkError a slow vault produces.
var errConnectionTimeout = errors.New("the credential vault did not answer in time")

// ConnectionCredentials is a third-party provider's access token from the provider's
// credential vault (reference page 004, the Authress model): the vault refreshes it on
// the server and never reveals the refresh token.
type ConnectionCredentials struct {
	AccessToken string
	ExpiresAt   string // as the vault sent it (RFC 3339), "" when it sent none
}

// GetConnectionCredentials asks the vault for the signed-in user's access token at the
// provider connectionID ("" means the connection the user signed in through, as
// Authress's getConnectionCredentials() takes none), authenticated like fetch() (Bearer
// token, refreshed if needed, one forced refresh and retry on 401 invalid_token; the
// cookie in cookie mode). timeout <= 0 means DefaultConnectionTimeout; running out is a
// NetworkError.
func (c *Container) GetConnectionCredentials(ctx context.Context, connectionID string, timeout time.Duration) (*ConnectionCredentials, error) {
	cfg, err := c.configured()
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(connectionID, "/?#") {
		return nil, InvalidOptions("getConnectionCredentials: connectionID must be a name without '/', '?' or '#'")
	}
	if timeout <= 0 {
		timeout = DefaultConnectionTimeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cc, err := c.askVault(tctx, cfg, connectionID)
	if err != nil && ctx.Err() == nil && errors.Is(tctx.Err(), context.DeadlineExceeded) {
		return nil, &NetworkError{Err: errConnectionTimeout}
	}
	return cc, err
}

// askVault is one authorized GET of the vault entry; the body holds a token, so an
// answer that is not the expected one is reported without it.
func (c *Container) askVault(ctx context.Context, cfg *config, connectionID string) (*ConnectionCredentials, error) {
	u := cfg.Endpoint + signInCredentialsPath
	if connectionID != "" {
		var seg strings.Builder
		percentEncode(&seg, connectionID)
		u = cfg.Endpoint + connectionCredentialsPath + seg.String() + "/credentials"
	}
	req := &protocolRequest{c: c, method: "GET", url: u}
	reply, err := c.authorized(ctx, req, policy{trusted: true, needSession: "getConnectionCredentials"})
	if err != nil {
		return nil, err
	}
	resp := reply.(*Response)
	if resp.Status != 200 {
		return nil, responseError(resp)
	}
	obj, err := decodeObject(resp.Body)
	token := stringField(obj, "accessToken")
	if err != nil || token == "" {
		return nil, &ServerError{Status: resp.Status} // the body would hold a token: keep it out
	}
	return &ConnectionCredentials{AccessToken: token, ExpiresAt: stringField(obj, "expiresAt")}, nil
}
