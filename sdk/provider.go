package sdk

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fetch credentials modes (Fetch Standard §2.2.5) the protocol calls use.
const (
	credentialsOmit    = "omit"
	credentialsInclude = "include"
)

// maxErrorBody caps the body kept in a ServerError: enough to debug, never a whole page.
const maxErrorBody = 1024

// provider is the authorization server as the core sees it: its discovery document,
// fetched once per endpoint, and the requests to its endpoints.
type provider struct {
	timeout   atomic.Int64 // nanoseconds per request; 0 means DefaultTimeout
	transport Transport
	urls      URLParser // checks the discovery document's endpoints
	hint      corsHint  // what a failed cross-origin request's error says to check
	clock     Clock
	verifier  SignatureVerifier // ID token signatures (WebCrypto)
	keys      *keyCache         // the provider's JWK Sets

	mu        sync.Mutex                   // guards discovery
	discovery map[string]*providerMetadata // by endpoint; successful fetches only
}

// send performs req. A request that did not complete becomes a NetworkError, or
// ErrCanceled when the caller's context ended: neither says anything about the session.
// Every request is bounded by the configured timeout (a NetworkError for ErrTimeout),
// and a body over MaxResponseBody is refused before anything parses it.
func (p *provider) send(ctx context.Context, req *Request) (*Response, error) {
	bounded, cancel := context.WithTimeout(ctx, p.requestTimeout())
	defer cancel()
	resp, err := p.transport.Do(bounded, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, errors.Join(ErrCanceled, ctx.Err())
		}
		if bounded.Err() != nil {
			return nil, &NetworkError{Err: ErrTimeout}
		}
		return nil, &NetworkError{Err: err, Hint: p.hint.forURL(req.URL)}
	}
	if resp == nil {
		return nil, &NetworkError{}
	}
	if len(resp.Body) > MaxResponseBody {
		return nil, &ServerError{Status: resp.Status, Cause: ErrResponseTooLarge}
	}
	return resp, nil
}

// formRequest is a POST of application/x-www-form-urlencoded parameters, as the token
// (RFC 6749 §4.1.3, §6) and revocation (RFC 7009 §2.1) endpoints require.
func formRequest(endpoint string, pairs ...[2]string) *Request {
	return &Request{
		Method:      "POST",
		URL:         endpoint,
		Header:      map[string]string{"content-type": "application/x-www-form-urlencoded"},
		Body:        encodeQuery(pairs...),
		Credentials: credentialsOmit,
	}
}

// tokenResponse is the successful token response of RFC 6749 §5.1 and OIDC Core §3.1.3.3.
type tokenResponse struct {
	accessToken  string
	refreshToken string // "" when the provider did not rotate it
	idToken      string
	tokenType    string  // "Bearer", or "DPoP" for a key-bound token (RFC 9449 §5)
	expiresIn    float64 // seconds; MinTokenLifetime when absent or not positive
	receivedAt   time.Time
}

// expireAt applies Authgear's margin: the token is refreshed after 90% of its lifetime.
func (t *tokenResponse) expireAt() time.Time {
	return t.receivedAt.Add(time.Duration(t.expiresIn * expireInPercentage * float64(time.Second)))
}

// expireInPercentage is Authgear's EXPIRE_IN_PERCENTAGE: refresh before the server
// rejects the token, absorbing clock skew and request latency.
const expireInPercentage = 0.9

// tokenRequest posts a grant to the token endpoint and classifies the answer: an
// RFC 6749 §5.2 error is an *OAuthError; a 5xx, a non-JSON body or a 200 without an
// access token is a *ServerError; a request that did not complete is a *NetworkError.
// pop adds DPoP proofs (RFC 9449 §5); nil sends the grant unbound.
func (p *provider) tokenRequest(ctx context.Context, endpoint string, pop *prover, pairs ...[2]string) (*tokenResponse, error) {
	resp, err := pop.send(ctx, p, formRequest(endpoint, pairs...))
	if err != nil {
		return nil, err
	}
	received := p.clock.Now()
	if resp.Status < 200 || resp.Status > 299 {
		return nil, responseError(resp)
	}
	// A 2xx body may hold tokens, whole or cut: it is never kept in an error.
	if resp.Status != 200 {
		return nil, &ServerError{Status: resp.Status}
	}
	obj, err := decodeObject(resp.Body)
	if err != nil {
		return nil, &ServerError{Status: resp.Status, Cause: refusedBodyCause(err)}
	}
	if stringField(obj, "access_token") == "" {
		return nil, &ServerError{Status: resp.Status}
	}
	return &tokenResponse{
		accessToken:  stringField(obj, "access_token"),
		refreshToken: stringField(obj, "refresh_token"),
		idToken:      stringField(obj, "id_token"),
		tokenType:    stringField(obj, "token_type"),
		expiresIn:    lifetimeSeconds(obj["expires_in"]),
		receivedAt:   received,
	}, nil
}

// responseError classifies a non-success answer: a 4xx carrying an RFC 6749 §5.2 error
// object, or a Bearer challenge with an error (RFC 6750 §3, whatever the body: providers
// answer with HTML pages or empty bodies too), is an *OAuthError; anything else is a
// *ServerError, which never ends a session.
func responseError(resp *Response) error {
	if resp.Status >= 400 && resp.Status < 500 {
		if obj, err := decodeObject(resp.Body); err == nil && stringField(obj, "error") != "" {
			return &OAuthError{
				Status:      resp.Status,
				Code:        stringField(obj, "error"),
				Description: stringField(obj, "error_description"),
				URI:         stringField(obj, "error_uri"),
			}
		}
		if challenge := resp.Header["www-authenticate"]; challenge != "" {
			if code := challengeParam(challenge, "error"); code != "" {
				return &OAuthError{Status: resp.Status, Code: code, Description: challengeParam(challenge, "error_description"),
					URI: challengeParam(challenge, "error_uri")}
			}
		}
	}
	return serverError(resp)
}

// challengeParam is one auth-param of a Bearer challenge (RFC 6750 §3, RFC 9110 §11.2),
// quoted or not; "" when the challenge is not Bearer or lacks it.
func challengeParam(challenge, name string) string {
	lower := lowerASCII(challenge)
	start := strings.Index(lower, "bearer")
	if start < 0 {
		return ""
	}
	for rest := challenge[start+len("bearer"):]; rest != ""; {
		rest = strings.TrimLeft(rest, " ,\t")
		key, after, ok := strings.Cut(rest, "=")
		if !ok {
			return ""
		}
		key = strings.TrimSpace(key)
		after = strings.TrimLeft(after, " ")
		var value string
		if strings.HasPrefix(after, `"`) {
			end := strings.IndexByte(after[1:], '"')
			if end < 0 {
				return ""
			}
			value, rest = after[1:1+end], after[2+end:]
		} else {
			value, rest, _ = strings.Cut(after, ",")
			value = strings.TrimSpace(value)
		}
		if equalFoldASCII(key, name) {
			return value
		}
	}
	return ""
}

// serverError keeps the status and the start of the body for debugging.
func serverError(resp *Response) *ServerError {
	body := resp.Body
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
	}
	return &ServerError{Status: resp.Status, Body: string(body)}
}
