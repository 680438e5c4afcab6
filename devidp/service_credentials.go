package devidp

import (
	"net/http"
	"strings"
	"time"
)

// The service side of the vault: a service client, with an access key, reads any user's
// upstream access token its permissions allow, signed in or not (reference page 004,
// "Service side access").
const (
	serviceCredentialsRoute = "/v1/connections/*/users/*/credentials"
	serviceConnectionsPath  = "/v1/connections/"
)

// serviceCredentialsPath splits /v1/connections/{connection}/users/{user}/credentials.
func serviceCredentialsPath(path string) (connection, user string, ok bool) {
	rest, found := strings.CutPrefix(path, serviceConnectionsPath)
	if !found {
		return "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 4 || parts[0] == "" || parts[1] != "users" || parts[2] == "" || parts[3] != "credentials" {
		return "", "", false
	}
	return parts[0], parts[2], true
}

// handleServiceCredentials checks the access key (401 unknown or revoked), then the key's
// permission (403) before anything about the user or connection is revealed (404).
func (s *Server) handleServiceCredentials(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "service_credentials", "credentials", "") {
		return
	}
	noStore(w)
	scheme, presented, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	key, ok := s.liveAccessKey(strings.TrimSpace(presented))
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		w.Header().Set("WWW-Authenticate", `Bearer realm="devidp", error="invalid_token", error_description="unknown or revoked access key"`)
		writeJSON(w, http.StatusUnauthorized, oauthError{Code: "invalid_token", Description: "unknown or revoked access key"})
		return
	}
	connection, userID, _ := serviceCredentialsPath(strings.TrimPrefix(r.URL.Path, s.basePath))
	if !key.permits(connection, userID) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="devidp", error="insufficient_scope"`)
		writeJSON(w, http.StatusForbidden, oauthError{Code: "insufficient_scope",
			Description: "the key lacks Connections/" + connection + "/Users/" + userID + "/Credentials"})
		return
	}
	if s.userBySub(userID) == nil || !s.vault.has(userID, connection) {
		writeJSON(w, http.StatusNotFound, oauthError{Code: "not_found", Description: "no such user, or no credentials of the user at this connection"})
		return
	}
	s.answerCredentials(w, r, userID, connection)
}

// userBySub returns the user with that subject, or nil.
func (s *Server) userBySub(sub string) *User {
	for i := range s.users {
		if s.users[i].Sub == sub {
			return s.userByName(s.users[i].Username) // nil once the account is deleted
		}
	}
	return nil
}

// adminAccessKey is the admin API's view of a key; AccessKey is set only in the answer
// that creates it.
type adminAccessKey struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	CreatedAt   string   `json:"createdAt"`
	Revoked     bool     `json:"revoked"`
	AccessKey   string   `json:"accessKey,omitempty"`
}

func toAdminKey(k AccessKey) adminAccessKey {
	return adminAccessKey{ID: k.ID, Name: k.Name, Permissions: k.Permissions, CreatedAt: k.CreatedAt.UTC().Format(time.RFC3339), Revoked: k.Revoked}
}

// handleAdminAccessKeys creates a key (POST {"name", "permissions"}, 201, the key shown
// this once) or lists them without secrets (GET).
func (s *Server) handleAdminAccessKeys(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if r.Method == http.MethodGet {
		out := []adminAccessKey{}
		for _, k := range s.AccessKeys() {
			out = append(out, toAdminKey(k))
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	var body struct {
		Name        string   `json:"name"`
		Permissions []string `json:"permissions"`
	}
	if !decodeAdmin(w, r, &body) {
		return
	}
	k, secret, err := s.CreateAccessKey(body.Name, body.Permissions)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_request", Description: err.Error()})
		return
	}
	out := toAdminKey(k)
	out.AccessKey = secret
	writeJSON(w, http.StatusCreated, out)
}

// handleAdminRevokeAccessKey revokes {"id"}.
func (s *Server) handleAdminRevokeAccessKey(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ID string `json:"id"`
	}
	if !decodeAdmin(w, r, &body) {
		return
	}
	if !s.RevokeAccessKey(body.ID) {
		writeJSON(w, http.StatusNotFound, oauthError{Code: "not_found", Description: "unknown access key"})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleAdminExpireConnection expires {"user", "connection"}'s stored upstream access token.
func (s *Server) handleAdminExpireConnection(w http.ResponseWriter, r *http.Request) {
	var body struct {
		User       string `json:"user"`
		Connection string `json:"connection"`
	}
	if !decodeAdmin(w, r, &body) {
		return
	}
	if !s.ExpireConnectionCredentials(body.User, body.Connection) {
		writeJSON(w, http.StatusNotFound, oauthError{Code: "not_found", Description: "no credentials of that user at that connection"})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
