package backend

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/internal/dpop"
)

// validMethods are the only JWS algorithms accepted (RFC 7518 §3.1): the
// asymmetric ones providers sign with. Never "none", never HMAC, whose key
// an attacker could take from the published RSA key (RFC 8725 §2.1).
var validMethods = []string{"RS256", "ES256"}

// JWTVerifier checks Authgear access tokens locally: the JWT's header (alg,
// typ, crit, kid), its signature against the provider's JWK Set, and its
// claims as RFC 7519 §7.2 and RFC 9068 §4 ask (iss, aud, exp required, nbf,
// iat, sub). It is safe for concurrent use.
type JWTVerifier struct {
	parser    *jwt.Parser
	keys      keyfunc.Keyfunc
	cancel    context.CancelFunc
	closeOnce sync.Once
	dpop      *dpop.Verifier // DPoP proofs and their replay cache (dpop.go)
	publicURL string         // WithPublicURL, "" to derive from the request
}

// NewJWTVerifier reads ${endpoint}/.well-known/openid-configuration (OpenID
// Connect Discovery 1.0 §4), requires its issuer to equal endpoint (§4.3),
// and fetches the JWK Set at its jwks_uri. ctx bounds only this setup; the
// key set then refreshes in the background until Close.
func NewJWTVerifier(ctx context.Context, endpoint string, opts ...JWTOption) (*JWTVerifier, error) {
	endpoint = strings.TrimSuffix(endpoint, "/")
	cfg := newJWTConfig(endpoint, opts)
	if err := checkPublicURL(cfg.publicURL); err != nil {
		return nil, err
	}
	meta, err := discover(ctx, cfg.client, endpoint)
	if err != nil {
		return nil, err
	}
	life, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, cancel) // a cancelled setup also stops the refresh
	keys, err := newKeySet(life, meta.JWKSURI, cfg)
	stop()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		cancel()
		return nil, err
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods(validMethods),
		jwt.WithIssuer(meta.Issuer),
		jwt.WithAudience(cfg.audience),
		jwt.WithLeeway(cfg.leeway),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(cfg.clock),
	)
	proofs := dpop.NewVerifier(dpop.Options{Window: cfg.dpopWindow, Skew: cfg.dpopSkew,
		MaxEntries: cfg.dpopMaxEntries, Now: cfg.clock})
	return &JWTVerifier{parser: parser, keys: keys, cancel: cancel, dpop: proofs, publicURL: cfg.publicURL}, nil
}

// Verify checks a compact JWS access token (RFC 7515 §7.1) and returns its
// user. Errors wrap ErrNoCredential (empty token), ErrKeySetUnavailable (an
// unknown kid while the JWK Set cannot be fetched) or ErrInvalidToken, with
// the jwt/v5 cause (such as jwt.ErrTokenExpired) wrapped too. ctx bounds the
// wait for a JWK Set fetch that an unknown kid causes. A DPoP-bound token
// (cnf.jkt) is refused with ErrDPoPBound: without the request there is no
// proof to check, so use Authenticate (or Middleware) for those.
func (v *JWTVerifier) Verify(ctx context.Context, token string) (*User, error) {
	claims, err := v.verifyClaims(ctx, token)
	if err != nil {
		return nil, err
	}
	if jkt, ok := boundKey(claims); jkt != "" || !ok {
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, ErrDPoPBound)
	}
	return userFromClaims(claims)
}

// verifyClaims checks a token's header, signature and claims and returns the claims.
func (v *JWTVerifier) verifyClaims(ctx context.Context, token string) (jwt.MapClaims, error) {
	if token == "" {
		return nil, ErrNoCredential
	}
	if len(token) > MaxTokenSize {
		return nil, fmt.Errorf("%w: token longer than %d bytes", ErrInvalidToken, MaxTokenSize)
	}
	claims := jwt.MapClaims{}
	if _, err := v.parser.ParseWithClaims(token, claims, checkedKeyfunc(ctx, v.keys)); err != nil {
		if errors.Is(err, ErrKeySetUnavailable) {
			return nil, err // not judged: no ErrInvalidToken
		}
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	return claims, nil
}

// Middleware admits requests whose credential Authenticate accepts (a Bearer
// token, RFC 6750 §2.1, or a DPoP-bound one with its proof, RFC 9449 §7.1),
// with the User in the context (UserFrom) and without any x-authgear-* header
// the client sent, and answers the others with 401 and a WWW-Authenticate
// challenge (RFC 6750 §3, RFC 9449 §7.1), or 503 for ErrKeySetUnavailable.
func (v *JWTVerifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := v.Authenticate(r)
		if err != nil {
			writeAuthError(w, err)
			return
		}
		next.ServeHTTP(w, withoutClientAuthgearHeaders(r).WithContext(WithUser(r.Context(), u)))
	})
}

// Close stops the background JWK Set refresh. It is safe to call more than
// once; Verify keeps working with the keys already fetched.
func (v *JWTVerifier) Close() {
	v.closeOnce.Do(v.cancel)
}
