package backend

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/internal/dpop"
)

// DPoP (RFC 9449) in JWT mode. A token whose cnf.jkt names a key (§6.1) is usable only
// as "Authorization: DPoP <token>" with a "DPoP" proof header made by that key for this
// request (§7.1): see Authenticate. The proof checks are internal/dpop's, shared with
// devidp's token endpoint.

var (
	// ErrInvalidDPoPProof means a DPoP-bound token came with a missing, malformed,
	// replayed or otherwise failing proof (RFC 9449 §7.1 "invalid_dpop_proof"). The
	// *dpop.Error with the reason is wrapped too.
	ErrInvalidDPoPProof = errors.New("backend: invalid DPoP proof")

	// ErrDPoPBound is wrapped under ErrInvalidToken for a DPoP-bound token presented
	// without its proof: as Bearer (RFC 9449 §7.2), or to Verify, which sees no request.
	ErrDPoPBound = errors.New("backend: the access token is DPoP-bound and needs its proof")

	// errUnknownBinding is wrapped under ErrInvalidToken for a cnf claim without a jkt.
	errUnknownBinding = errors.New("backend: the access token's cnf names no DPoP key")

	// errDPoPUnbound is wrapped under ErrInvalidToken for an unbound token presented
	// with the DPoP scheme: the scheme promises a binding the token lacks.
	errDPoPUnbound = errors.New("backend: the access token is not DPoP-bound")
)

// dpopRefusal marks an error to be answered with the DPoP challenge (RFC 9449 §7.1)
// instead of Bearer's.
type dpopRefusal struct{ err error }

func (e *dpopRefusal) Error() string { return e.err.Error() }
func (e *dpopRefusal) Unwrap() error { return e.err }

// WithPublicURL sets the URL at which clients reach this server, scheme://host[:port]
// and an optional path prefix, without a trailing slash (for example
// "https://api.example.com" behind a TLS-terminating proxy, or
// "https://example.com/api" behind one that strips /api). A DPoP proof's htu must equal
// it followed by the request's path. Without it the URL is derived from the request
// as this server received it: http or https by r.TLS, r.Host, and the path of the
// request line (r.RequestURI, so http.StripPrefix does not change it). X-Forwarded-*
// headers are never trusted: a client could set them to match a proof made for
// another server. Host is the client's too: where several servers accept the same
// tokens, set WithPublicURL on each, so a proof for one is not accepted by another.
func WithPublicURL(base string) JWTOption {
	return func(c *jwtConfig) { c.publicURL = base }
}

// WithDPoPWindow sets how old (window, default 5 minutes) and how far in the future
// (skew, default 1 minute) a DPoP proof's iat may be (RFC 9449 §11.1). The replay cache
// holds each accepted proof for window (+ skew at most).
func WithDPoPWindow(window, skew time.Duration) JWTOption {
	return func(c *jwtConfig) { c.dpopWindow, c.dpopSkew = window, skew }
}

// WithDPoPReplayCacheSize bounds the replay cache (default dpop.DefaultMaxEntries,
// 100,000 proofs, about 15 MB at the fullest). When it holds that many unexpired proofs,
// a new proof is refused (invalid_dpop_proof) rather than an old one forgotten: a full
// cache never lets a replay through. Size it for peak accepted proofs a second × 360 s.
func WithDPoPReplayCacheSize(n int) JWTOption {
	return func(c *jwtConfig) { c.dpopMaxEntries = n }
}

// checkPublicURL reports a WithPublicURL value that cannot prefix a request path.
func checkPublicURL(base string) error {
	u, err := url.Parse(base)
	if base == "" {
		return nil
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(base, "/") {
		return fmt.Errorf("backend: WithPublicURL(%q): want scheme://host[:port][/prefix] without a trailing slash", base)
	}
	return nil
}

// requestURL is the URL a DPoP proof for r must name (RFC 9449 §4.3 item 9).
func (v *JWTVerifier) requestURL(r *http.Request) string {
	path := r.URL.EscapedPath()
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil && r.RequestURI != "" {
		path = u.EscapedPath()
	}
	if v.publicURL != "" {
		return v.publicURL + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// Authenticate checks the credential of r: "Authorization: Bearer <token>" for a token
// without cnf (RFC 6750 §2.1), or "Authorization: DPoP <token>" with a DPoP proof
// header for a DPoP-bound one (RFC 9449 §7.1): the proof's signature with its own
// jwk, htm and htu of this request, ath of this token, iat within the window, jti not
// seen before, and the jwk's RFC 7638 thumbprint equal to the token's cnf.jkt. A bound
// token as Bearer is refused. Errors are Verify's, or wrap ErrInvalidDPoPProof.
func (v *JWTVerifier) Authenticate(r *http.Request) (*User, error) {
	scheme, token, err := credential(r)
	if err != nil {
		return nil, err
	}
	isDPoP := strings.EqualFold(scheme, "DPoP")
	claims, err := v.verifyClaims(r.Context(), token)
	if err != nil {
		if isDPoP && !errors.Is(err, ErrKeySetUnavailable) {
			err = &dpopRefusal{err}
		}
		return nil, err
	}
	jkt, ok := boundKey(claims)
	switch {
	case !ok:
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, errUnknownBinding)
	case !isDPoP && jkt == "":
		return userFromClaims(claims)
	case !isDPoP:
		return nil, &dpopRefusal{fmt.Errorf("%w: %w: presented as Bearer", ErrInvalidToken, ErrDPoPBound)}
	case jkt == "":
		return nil, &dpopRefusal{fmt.Errorf("%w: %w", ErrInvalidToken, errDPoPUnbound)}
	}
	raw, present, err := dpop.Header(r.Header)
	if !present {
		err = &dpop.Error{Code: dpop.CodeInvalidProof, Reason: "a DPoP-bound token needs a DPoP proof header"}
	}
	if err == nil {
		_, err = v.dpop.Verify(raw, dpop.Request{Method: r.Method, URL: v.requestURL(r), AccessToken: token, JKT: jkt})
	}
	if err != nil {
		return nil, &dpopRefusal{fmt.Errorf("%w: %w", ErrInvalidDPoPProof, err)}
	}
	u, err := userFromClaims(claims)
	if u != nil {
		u.DPoPJKT = jkt
	}
	return u, err
}

// credential reads "Authorization: Bearer|DPoP <token>" (schemes are case-insensitive,
// RFC 9110 §11.1). Another scheme or none is ErrNoCredential (RFC 6750 §3.1).
func credential(r *http.Request) (scheme, token string, err error) {
	scheme, token, _ = strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "DPoP") {
		return "", "", ErrNoCredential
	}
	if len(token) > MaxTokenSize {
		return "", "", ErrInvalidToken
	}
	if token = strings.Trim(token, " "); token == "" {
		err = ErrInvalidToken
		if strings.EqualFold(scheme, "DPoP") {
			err = &dpopRefusal{err}
		}
		return "", "", err
	}
	return scheme, token, nil
}

// boundKey is a token's cnf.jkt (RFC 9449 §6.1), "" when it has no cnf. ok is false for
// a cnf this package cannot check (another confirmation method, such as mTLS's
// x5t#S256, RFC 8705 §3.1): such a token is refused, never taken as unbound.
func boundKey(claims jwt.MapClaims) (jkt string, ok bool) {
	raw, has := claims["cnf"]
	if !has {
		return "", true
	}
	cnf, _ := raw.(map[string]any)
	jkt, _ = cnf["jkt"].(string)
	return jkt, jkt != ""
}

// dpopChallenge is the WWW-Authenticate value of a refused DPoP request (RFC 9449 §7.1).
func dpopChallenge(code string) string {
	return `DPoP error="` + code + `", algs="` + strings.Join(dpop.Algorithms, " ") + `"`
}
