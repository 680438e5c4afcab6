package backend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Errors of ServiceClient.ConnectionCredentials; each *VaultError matches one with
// errors.Is.
var (
	// ErrAccessKeyRejected: the access key is unknown or revoked (HTTP 401).
	ErrAccessKeyRejected = errors.New("backend: access key rejected")
	// ErrPermissionDenied: the key has no Connections/{connection}/Users/{user}/Credentials
	// permission covering the request (HTTP 403).
	ErrPermissionDenied = errors.New("backend: access key lacks the permission")
	// ErrCredentialsNotFound: no such user or connection, or the user never signed in
	// through the connection (HTTP 404).
	ErrCredentialsNotFound = errors.New("backend: no such user or connection credentials")
	// ErrConsentRequired: the vault holds no usable upstream refresh token (never issued
	// or revoked); the user must sign in through the connection again with offline
	// access (HTTP 409).
	ErrConsentRequired = errors.New("backend: the connection must be re-consented")
	// ErrVaultUnavailable: the vault or the upstream provider failed; try later.
	ErrVaultUnavailable = errors.New("backend: credential vault unavailable")
)

// DefaultServiceTimeout bounds one vault request when the http.Client has no timeout: the
// vault may refresh upstream first.
const DefaultServiceTimeout = 15 * time.Second

// ServiceClient reads users' upstream access tokens from the identity provider's
// credential vault with a service-client access key, whether the user is signed in or
// not (reference page 004, "Service side access"). It is safe for concurrent use. The key
// never appears in its errors or its String form.
type ServiceClient struct {
	endpoint  string
	accessKey string
	client    *http.Client
}

// ServiceClientOption configures a ServiceClient.
type ServiceClientOption func(*ServiceClient)

// WithServiceHTTPClient sets the client used for vault requests; default one with
// DefaultServiceTimeout.
func WithServiceHTTPClient(c *http.Client) ServiceClientOption {
	return func(s *ServiceClient) {
		if c != nil {
			s.client = c
		}
	}
}

// NewServiceClient returns a client for the provider at endpoint (its issuer URL) that
// authenticates with accessKey as a bearer token (RFC 6750 §2.1).
func NewServiceClient(endpoint, accessKey string, opts ...ServiceClientOption) (*ServiceClient, error) {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("backend: service client endpoint %q is not an absolute http(s) URL", endpoint)
	}
	if accessKey == "" {
		return nil, errors.New("backend: service client needs an access key")
	}
	s := &ServiceClient{endpoint: strings.TrimSuffix(endpoint, "/"), accessKey: accessKey,
		client: &http.Client{Timeout: DefaultServiceTimeout}}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// String names the endpoint, never the key.
func (s *ServiceClient) String() string { return "backend.ServiceClient(" + s.endpoint + ")" }

// ConnectionCredentials is a user's upstream access token from the vault.
type ConnectionCredentials struct {
	AccessToken string
	ExpiresAt   time.Time
}

// ConnectionCredentials asks the vault for the user's access token at the connection
// (GET /v1/connections/{connectionID}/users/{userID}/credentials); the vault refreshes it
// upstream first when it is due. Errors match ErrAccessKeyRejected, ErrPermissionDenied,
// ErrCredentialsNotFound, ErrConsentRequired or ErrVaultUnavailable.
func (s *ServiceClient) ConnectionCredentials(ctx context.Context, connectionID, userID string) (ConnectionCredentials, error) {
	if connectionID == "" || userID == "" {
		return ConnectionCredentials{}, fmt.Errorf("%w: connectionID and userID are required", ErrCredentialsNotFound)
	}
	u := s.endpoint + "/v1/connections/" + url.PathEscape(connectionID) + "/users/" + url.PathEscape(userID) + "/credentials"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return ConnectionCredentials{}, fmt.Errorf("%w: %w", ErrVaultUnavailable, err)
	}
	req.Header.Set("Authorization", "Bearer "+s.accessKey)
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return ConnectionCredentials{}, fmt.Errorf("%w: %w", ErrVaultUnavailable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return ConnectionCredentials{}, fmt.Errorf("%w: %w", ErrVaultUnavailable, err)
	}
	if resp.StatusCode != http.StatusOK {
		return ConnectionCredentials{}, newVaultError(resp.StatusCode, body)
	}
	var out struct {
		AccessToken string    `json:"accessToken"`
		ExpiresAt   time.Time `json:"expiresAt"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.AccessToken == "" {
		return ConnectionCredentials{}, &VaultError{Status: resp.StatusCode, Code: "malformed_response"} // no body: it may hold a token
	}
	return ConnectionCredentials{AccessToken: out.AccessToken, ExpiresAt: out.ExpiresAt}, nil
}

// VaultError is a refused vault request: the HTTP status and the RFC 6749 §5.2-style
// error code and description the vault answered.
type VaultError struct {
	Status      int
	Code        string
	Description string
}

func newVaultError(status int, body []byte) *VaultError {
	var e struct {
		Code        string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(body, &e)
	return &VaultError{Status: status, Code: e.Code, Description: e.Description}
}

// Error says what the vault answered; it never holds the key or a token.
func (e *VaultError) Error() string {
	msg := fmt.Sprintf("backend: credential vault: HTTP %d", e.Status)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// Unwrap returns the sentinel error of the status.
func (e *VaultError) Unwrap() error {
	switch e.Status {
	case http.StatusUnauthorized:
		return ErrAccessKeyRejected
	case http.StatusForbidden:
		return ErrPermissionDenied
	case http.StatusNotFound:
		return ErrCredentialsNotFound
	case http.StatusConflict:
		return ErrConsentRequired
	}
	return ErrVaultUnavailable
}
