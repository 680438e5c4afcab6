package dpop

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"
)

// Defaults of the iat window (RFC 9449 §11.1 leaves the numbers to the server).
const (
	// DefaultWindow is how old a proof may be: Authgear's 5 minutes.
	DefaultWindow = 5 * time.Minute
	// DefaultSkew is how far in the future a proof's iat may be, for client clocks that
	// run ahead; kept short because a future iat stretches how long a proof made now (by
	// a script that had the key for a moment) stays usable.
	DefaultSkew = time.Minute
)

// Options configure a Verifier; zero fields take the defaults their comments name.
type Options struct {
	Window     time.Duration    // DefaultWindow
	Skew       time.Duration    // DefaultSkew
	MaxEntries int              // replay cache capacity: DefaultMaxEntries
	Now        func() time.Time // time.Now
}

// Verifier checks proofs against requests and remembers the ones it accepted. It is safe
// for concurrent use; one Verifier (one replay cache) should see every request of a
// server, or a proof could be replayed to a second instance.
type Verifier struct {
	window, skew time.Duration
	now          func() time.Time
	replay       *ReplayCache
}

// NewVerifier returns a Verifier with its own replay cache.
func NewVerifier(o Options) *Verifier {
	v := &Verifier{window: o.Window, skew: o.Skew, now: o.Now, replay: NewReplayCache(o.MaxEntries)}
	if v.window <= 0 {
		v.window = DefaultWindow
	}
	if v.skew <= 0 {
		v.skew = DefaultSkew
	}
	if v.now == nil {
		v.now = time.Now
	}
	return v
}

// Request is what a proof must match.
type Request struct {
	Method string // the HTTP method
	URL    string // the absolute URL the client addressed (the server's public URL)
	// AccessToken, when set, is the token the request presents: ath must be its hash (§7).
	AccessToken string
	// JKT, when set, is the thumbprint the grant or token is bound to (§5, §6).
	JKT string
	// Nonce, when set, says whether a nonce is the server's current one (§8); a proof
	// without an accepted nonce is refused with ErrNonce (use_dpop_nonce).
	Nonce func(string) bool
}

// Verify checks raw (the DPoP header's value) against req in the order of the package
// doc and, when every check passes, remembers it so that it is refused next time.
func (v *Verifier) Verify(raw string, req Request) (*Proof, error) {
	p, err := Parse(raw)
	if err != nil {
		return nil, err
	}
	now := v.now()
	want, okWant := normalizeURL(req.URL)
	got, okGot := normalizeURL(p.URL)
	switch {
	case p.Method != req.Method: // RFC 9110 §9.1: methods are case-sensitive
		return nil, ErrMethod
	case !okWant || !okGot || got != want:
		return nil, ErrURL
	case p.Issued.After(now.Add(v.skew)):
		return nil, ErrIssuedFuture
	case p.Issued.Before(now.Add(-v.window)):
		return nil, ErrIssuedExpired
	case req.AccessToken != "" && subtle.ConstantTimeCompare([]byte(p.ATH), []byte(AccessTokenHash(req.AccessToken))) != 1:
		return nil, ErrAccessToken
	case req.JKT != "" && subtle.ConstantTimeCompare([]byte(p.JKT), []byte(req.JKT)) != 1:
		return nil, ErrThumbprint
	case req.Nonce != nil && (p.Nonce == "" || !req.Nonce(p.Nonce)):
		return nil, ErrNonce
	}
	// The proof passes the iat check until iat + window; remember it that long.
	if err := v.replay.record(replayKey(p.JKT, p.JTI), p.Issued.Add(v.window), now); err != nil {
		return nil, err
	}
	return p, nil
}

// Cached reports how many proofs the replay cache holds.
func (v *Verifier) Cached() int { return v.replay.Len() }

// Header returns the request's single DPoP header (RFC 9449 §4.3 item 1): present is
// false without one, and ErrMultiple answers two or more.
func Header(h http.Header) (raw string, present bool, err error) {
	values := h.Values("DPoP")
	switch len(values) {
	case 0:
		return "", false, nil
	case 1:
		return strings.TrimSpace(values[0]), true, nil
	}
	return "", true, ErrMultiple
}
