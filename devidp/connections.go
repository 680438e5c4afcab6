package devidp

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// connectionCredentialsRoute is the credential vault endpoint, a test double of
// Authress's "get a user's third-party access token" (reference page 004): the signed-in
// user (by access token or session cookie) asks for the provider token of a connection.
const (
	connectionCredentialsRoute  = "/api/v1/users/me/connections/*/credentials"
	connectionCredentialsPrefix = "/api/v1/users/me/connections/"
	connectionCredentialsSuffix = "/credentials"
	providerTokenLifetime       = time.Hour
)

// routeKey maps a request path to its route; the vault path has the connection in it.
func routeKey(path string) string {
	if id, ok := connectionIDFromPath(path); ok && id != "" {
		return connectionCredentialsRoute
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

// vault holds the provider access tokens, made on first use and renewed when due, as a
// vault refreshes them server-side without ever showing the refresh token.
type vault struct {
	mu     sync.Mutex // guards tokens
	tokens map[string]vaultToken
}

type vaultToken struct {
	accessToken string
	expiresAt   time.Time
}

func (v *vault) token(sub, connection string, now time.Time) vaultToken {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.tokens == nil {
		v.tokens = map[string]vaultToken{}
	}
	key := sub + "\x00" + connection
	t, ok := v.tokens[key]
	if !ok || !now.Before(t.expiresAt.Add(-time.Minute)) {
		t = vaultToken{accessToken: "provider_" + connection + "_" + randomToken(), expiresAt: now.Add(providerTokenLifetime)}
		v.tokens[key] = t
	}
	return t
}

// handleConnectionCredentials answers {accessToken, expiresAt} for one of the signed-in
// user's connections, 404 for a connection the user has none for, 401 like userinfo.
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
	for _, c := range id.user.Connections {
		if c == connection {
			t := s.vault.token(id.user.Sub, connection, s.now())
			writeJSON(w, http.StatusOK, map[string]any{"accessToken": t.accessToken, "expiresAt": t.expiresAt.UTC().Format(time.RFC3339)})
			return
		}
	}
	writeJSON(w, http.StatusNotFound, oauthError{Code: "not_found", Description: "no credentials for this connection"})
}
