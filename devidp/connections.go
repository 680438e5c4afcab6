package devidp

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// The credential vault's browser endpoints, a test double of Authress's "get a user's
// third-party access token" (reference page 004): the signed-in user (by access token or
// session cookie) asks for the upstream token of a connection, or of the connection they
// signed in through.
const (
	connectionCredentialsRoute  = "/api/v1/users/me/connections/*/credentials"
	connectionCredentialsPrefix = "/api/v1/users/me/connections/"
	connectionCredentialsSuffix = "/credentials"
	signInCredentialsRoute      = "/api/v1/users/me/credentials"
)

// routeKey maps a request path to its route; the vault paths have IDs in them.
func routeKey(path string) string {
	if id, ok := connectionIDFromPath(path); ok && id != "" {
		return connectionCredentialsRoute
	}
	if _, _, ok := serviceCredentialsPath(path); ok {
		return serviceCredentialsRoute
	}
	return path
}

func connectionIDFromPath(path string) (string, bool) {
	if !strings.HasPrefix(path, connectionCredentialsPrefix) || !strings.HasSuffix(path, connectionCredentialsSuffix) {
		return "", false
	}
	id := strings.TrimSuffix(strings.TrimPrefix(path, connectionCredentialsPrefix), connectionCredentialsSuffix)
	return id, !strings.Contains(id, "/")
}

// handleConnectionCredentials answers {accessToken, expiresAt} for the signed-in user at
// one connection, or at their sign-in connection; 401 like userinfo.
func (s *Server) handleConnectionCredentials(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "credentials", "credentials", "") {
		return
	}
	noStore(w)
	id, ok := s.authenticated(w, r)
	if !ok {
		return
	}
	connection, _ := connectionIDFromPath(strings.TrimPrefix(r.URL.Path, s.basePath))
	if strings.TrimPrefix(r.URL.Path, s.basePath) == signInCredentialsRoute {
		if connection = id.connection; connection == "" {
			writeJSON(w, http.StatusNotFound, oauthError{Code: "not_found", Description: "the user did not sign in through a connection; name one"})
			return
		}
	}
	s.answerCredentials(w, r, id.user.Sub, connection)
}

// answerCredentials asks the vault and answers its result or error.
func (s *Server) answerCredentials(w http.ResponseWriter, r *http.Request, sub, connection string) {
	refresh := func(context.Context, string) (upstreamTokens, error) { return upstreamTokens{}, errUpstreamUnavailable }
	if c, ok := s.connection(connection); ok {
		refresh = s.refreshUpstream(c)
	}
	creds, err := s.vault.credentials(r.Context(), sub, connection, s.now, s.vaultMinRemaining, refresh)
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, map[string]any{"accessToken": creds.AccessToken, "expiresAt": creds.ExpiresAt.UTC().Format(time.RFC3339)})
	case errors.Is(err, errNoCredentials):
		writeJSON(w, http.StatusNotFound, oauthError{Code: "not_found", Description: "no credentials for this connection"})
	case errors.Is(err, errConsentRequired):
		writeJSON(w, http.StatusConflict, oauthError{Code: "consent_required",
			Description: "the connection has no usable refresh token: sign in through it again with access_type=offline and prompt=consent"})
	default:
		writeJSON(w, http.StatusBadGateway, oauthError{Code: "temporarily_unavailable", Description: "the upstream provider could not refresh the token"})
	}
}

// StoreConnectionCredentials puts an upstream access token for the user into the vault,
// as a sign-in through the connection without offline access would: no refresh token, so
// once it is due the vault answers consent_required. It lets client tests run without an
// upstream provider. It returns false for an unknown user.
func (s *Server) StoreConnectionCredentials(username, connectionID string, c Credentials) bool {
	u := s.userByName(username)
	if u == nil || connectionID == "" {
		return false
	}
	s.vault.store(u.Sub, connectionID, c.AccessToken, "", c.ExpiresAt, s.now())
	return true
}

// ExpireConnectionCredentials makes the vault treat the user's stored upstream access
// token at the connection as expired, as the passing of its lifetime would, so the next
// request refreshes it. It reports whether the vault held one.
func (s *Server) ExpireConnectionCredentials(username, connectionID string) bool {
	u := s.userByName(username)
	return u != nil && s.vault.expire(u.Sub, connectionID, s.now())
}
