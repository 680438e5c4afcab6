package sdk

import (
	"errors"
	"strings"
	"time"
)

// MaxResponseBody caps every provider response body: a Transport reads at most one byte
// more (so the core can tell the cap was exceeded) and never copies the rest into the
// module's memory, which a hostile or broken provider would otherwise exhaust, ending
// the Go program for every later call.
const MaxResponseBody = 1 << 20

// MinTokenLifetime is the lifetime an access token is given when the token response's
// expires_in is missing, zero, negative or not a number (RFC 6749 §5.1 makes it
// RECOMMENDED only): refreshing on every call would hammer the provider, and an API that
// rejects the token sooner gets the invalid_token refresh and replay.
const MinTokenLifetime = 60 * time.Second

// RejectedRefreshBackoff is how long a refresh token the provider rejected twice in a
// row with an error other than invalid_grant (invalid_request, invalid_client, …) is not
// sent again: the rejection is the answer until then, so calls do not loop on the token
// endpoint. The token and the session are kept; only invalid_grant ends them.
const RejectedRefreshBackoff = time.Minute

var (
	// ErrResponseTooLarge marks a provider response whose body exceeds MaxResponseBody.
	ErrResponseTooLarge = errors.New("wasmgear: the provider's response body exceeds 1 MiB")
	// ErrJSONTooDeep marks a JSON body nested deeper than maxJSONDepth.
	ErrJSONTooDeep = errors.New("wasmgear: the provider's JSON is nested too deeply")
)

// DefaultTimeout bounds each provider request when configure sets no timeout.
const DefaultTimeout = 30 * time.Second

// ErrTimeout is the cause of the NetworkError of a provider request that did not answer
// within the configured timeout. Like every NetworkError it keeps the session.
var ErrTimeout = errors.New("wasmgear: the provider did not answer within the timeout")

// requestTimeout is the bound of one provider request.
func (p *provider) requestTimeout() time.Duration {
	if d := time.Duration(p.timeout.Load()); d > 0 {
		return d
	}
	return DefaultTimeout
}

// refusedBodyCause keeps the typed reason a body was refused; other decoding failures
// are just "not the JSON the protocol promises", which the ServerError says itself.
func refusedBodyCause(err error) error {
	if errors.Is(err, ErrJSONTooDeep) {
		return ErrJSONTooDeep
	}
	return nil
}

// lifetimeSeconds reads expires_in (RFC 6749 §5.1): a JSON number, or a numeric string
// as some providers send it; anything missing, unparseable, zero or negative becomes
// MinTokenLifetime.
func lifetimeSeconds(v any) float64 {
	var n float64
	switch v := v.(type) {
	case float64:
		n = v
	case string:
		if i, ok := parseInt64(strings.TrimSpace(v)); ok {
			n = float64(i)
		}
	}
	if n <= 0 {
		return MinTokenLifetime.Seconds()
	}
	return n
}

// parseInt64 reads a decimal int64 with an optional sign, as strconv.ParseInt(s, 10, 64)
// accepts it. strconv's is not used: its error type formats with strconv.Quote and the
// Unicode print tables, which the WebAssembly module would carry for an unread message.
func parseInt64(s string) (int64, bool) {
	neg := s != "" && s[0] == '-'
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := uint64(s[i] - '0')
		if s[i] < '0' || s[i] > '9' || n > (1<<63-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	if neg {
		return -int64(n), true // 1<<63 wraps to math.MinInt64, as ParseInt reads it
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

// malformedBody is the ServerError of a body that is not the JSON the protocol promises,
// with the typed reason when the pre-scan refused it.
func malformedBody(resp *Response, err error) *ServerError {
	se := serverError(resp)
	se.Cause = refusedBodyCause(err)
	return se
}
