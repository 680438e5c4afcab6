package backend

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// errorBody is the JSON body of an error answer; its fields follow the
// error and error_description attributes of RFC 6750 §3.
type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// bearerToken extracts the token of "Authorization: Bearer <token>" (RFC 6750
// §2.1; the scheme is case-insensitive, RFC 9110 §11.1). No header, or
// another scheme such as Basic, is ErrNoCredential: RFC 6750 §3.1 treats an
// unsupported method like a missing one.
func bearerToken(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", ErrNoCredential
	}
	if len(token) > MaxTokenSize {
		return "", ErrInvalidToken
	}
	token = strings.Trim(token, " ")
	if token == "" {
		return "", ErrInvalidToken
	}
	return token, nil
}

// writeAuthError answers a request the middleware refuses:
//   - ErrNoCredential: 401, "WWW-Authenticate: Bearer" without an error
//     attribute (RFC 6750 §3.1), {"error":"unauthorized"};
//   - ErrResolverUnavailable, ErrKeySetUnavailable: 503 (RFC 9110 §15.6.4),
//     no challenge, since the credential was not judged;
//   - anything else: 401, `Bearer error="invalid_token"`, with a fixed
//     description that never repeats the token.
func writeAuthError(w http.ResponseWriter, err error) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	switch {
	case errors.Is(err, ErrNoCredential):
		h.Set("WWW-Authenticate", "Bearer")
		writeJSON(w, http.StatusUnauthorized, errorBody{Error: "unauthorized"})
	case errors.Is(err, ErrResolverUnavailable):
		writeJSON(w, http.StatusServiceUnavailable, errorBody{
			Error:       "temporarily_unavailable",
			Description: "the session resolver could not be reached",
		})
	case errors.Is(err, ErrKeySetUnavailable):
		writeJSON(w, http.StatusServiceUnavailable, errorBody{
			Error:       "temporarily_unavailable",
			Description: "the provider's signing keys could not be fetched",
		})
	default:
		h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, errorBody{Error: "invalid_token", Description: describe(err)})
	}
}

// describe turns an error into a fixed, token-free error_description.
func describe(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "the access token expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "the access token is not valid yet"
	case errors.Is(err, errSessionRevoked):
		return "the session is not valid or was revoked"
	default:
		return "the access token is invalid"
	}
}

func writeJSON(w http.ResponseWriter, status int, body errorBody) {
	b, _ := json.Marshal(body) // cannot fail: two strings
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
