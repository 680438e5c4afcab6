package backend

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/internal/dpop"
)

// errorBody is the JSON body of an error answer; its fields follow the
// error and error_description attributes of RFC 6750 §3.
type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
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
	var refusal *dpopRefusal
	switch {
	case errors.As(err, &refusal) && errors.Is(err, ErrInvalidDPoPProof):
		h.Set("WWW-Authenticate", dpopChallenge("invalid_dpop_proof"))
		writeJSON(w, http.StatusUnauthorized, errorBody{Error: "invalid_dpop_proof", Description: describeProof(err)})
	case errors.As(err, &refusal):
		h.Set("WWW-Authenticate", dpopChallenge("invalid_token"))
		writeJSON(w, http.StatusUnauthorized, errorBody{Error: "invalid_token", Description: describe(err)})
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
	case errors.Is(err, ErrDPoPBound):
		return "the access token is DPoP-bound: send it as DPoP with a proof"
	case errors.Is(err, errDPoPUnbound):
		return "the access token is not DPoP-bound: send it as Bearer"
	default:
		return "the access token is invalid"
	}
}

// describeProof is the fixed reason of a refused proof (it never holds the proof).
func describeProof(err error) string {
	var de *dpop.Error
	if errors.As(err, &de) {
		return de.Reason
	}
	return "the DPoP proof is invalid"
}

func writeJSON(w http.ResponseWriter, status int, body errorBody) {
	b, _ := json.Marshal(body) // cannot fail: two strings
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
