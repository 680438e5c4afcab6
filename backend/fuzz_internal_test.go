package backend

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// FuzzParseJWKSet: whatever a provider's JWK Set endpoint answers, parsing
// never panics, and a set it returns holds only distinct, named RSA or EC
// public keys.
func FuzzParseJWKSet(f *testing.F) {
	f.Add([]byte(`{"keys":[{"kty":"RSA","kid":"k","use":"sig","alg":"RS256","n":"sXch","e":"AQAB"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"EC","kid":"e","crv":"P-256","x":"AQ","y":"AQ"}]}`))
	f.Add([]byte(`{"keys":[42,{"kty":"oct","kid":"s","k":"c2VjcmV0"},{"kid":"k","kty":"RSA","n":5}]}`))
	f.Add([]byte(`{"keys":[]}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		set, skipped, err := parseJWKSet(body)
		if err != nil {
			if set != nil {
				t.Fatal("a set and an error")
			}
			return
		}
		keys, _ := set.KeyReadAll(t.Context())
		if len(keys) == 0 {
			t.Fatalf("an empty set without error (%d skipped)", len(skipped))
		}
		seen := map[string]bool{}
		for _, k := range keys {
			kid := k.Marshal().KID
			if kid == "" || seen[kid] {
				t.Fatalf("kid %q empty or repeated", kid)
			}
			seen[kid] = true
			switch k.Key().(type) {
			case *rsa.PublicKey, *ecdsa.PublicKey:
			default:
				t.Fatalf("kept a %T", k.Key())
			}
		}
	})
}

// resolverHeaderNames are the answer headers parseResolverAnswer reads.
var resolverHeaderNames = []string{
	"X-Authgear-Session-Valid", "X-Authgear-User-Id", "X-Authgear-User-Roles",
	"X-Authgear-User-Anonymous", "X-Authgear-User-Verified",
	"X-Authgear-User-Can-Reauthenticate", "X-Authgear-Session-Amr",
	"X-Authgear-Session-Authenticated-At",
}

// FuzzResolverAnswer: any status and x-authgear-* values from the resolver
// give either a User or exactly one of the three documented errors, and a
// User holds only what the headers said, in range.
func FuzzResolverAnswer(f *testing.F) {
	f.Add(200, "true", "user-1", "admin, editor viewer,,", "false", "true", "true", "pwd,otp", "1700000000")
	f.Add(200, "false", "", "", "", "", "", "", "")
	f.Add(200, "TRUE", "u", "", "yes", "1", "", "", "-5")
	f.Add(200, "maybe", "u", "", "", "", "", "", "99999999999999999999")
	f.Add(500, "true", "u", "", "", "", "", "", "")
	f.Add(200, "true", "", "r", "", "", "", "", "1")
	f.Fuzz(func(t *testing.T, status int, valid, sub, roles, anon, verified, reauth, amr, at string) {
		h := http.Header{}
		for i, v := range []string{valid, sub, roles, anon, verified, reauth, amr, at} {
			if v != "" {
				h.Set(resolverHeaderNames[i], v)
			}
		}
		u, err := parseResolverAnswer(status, h)
		if err != nil {
			n := 0
			for _, target := range []error{ErrNoCredential, ErrInvalidToken, ErrResolverUnavailable} {
				if errors.Is(err, target) {
					n++
				}
			}
			if u != nil || n != 1 {
				t.Fatalf("user %v, error %v (matching %d sentinels)", u, err, n)
			}
			return
		}
		if status != http.StatusOK || !strings.EqualFold(valid, "true") || u.Sub == "" || u.Sub != sub {
			t.Fatalf("accepted status %d, valid %q, sub %q as %+v", status, valid, sub, u)
		}
		for _, r := range append(u.Roles, u.AMR...) {
			if r == "" || strings.ContainsAny(r, ", \t") {
				t.Fatalf("list item %q", r)
			}
		}
		if !u.AuthenticatedAt.IsZero() && (u.AuthenticatedAt.Unix() <= 0 || u.AuthenticatedAt.Unix() >= maxUnixSeconds) {
			t.Fatalf("AuthenticatedAt %v out of range", u.AuthenticatedAt)
		}
		if u.IsAnonymous != strings.EqualFold(anon, "true") || u.Claims != nil {
			t.Fatalf("user %+v from anonymous %q", u, anon)
		}
	})
}

// FuzzCredential: any Authorization header gives a token that is
// non-empty, trimmed and within MaxTokenSize, or an error; only the Bearer
// and DPoP schemes, in any case, yield a token.
func FuzzCredential(f *testing.F) {
	for _, s := range []string{"Bearer abc.def.ghi", "bearer  x ", "Bearer ", "Basic dXNlcg==", "Bearer", "", "BEARER\tx", "DPoP a.b.c", "dpop ", "DPoP"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", header)
		scheme, token, err := credential(r)
		if err != nil {
			if token != "" || (!errors.Is(err, ErrNoCredential) && !errors.Is(err, ErrInvalidToken)) {
				t.Fatalf("token %q with error %v", token, err)
			}
			return
		}
		sent, _, _ := strings.Cut(header, " ")
		if token == "" || len(token) > MaxTokenSize || strings.Trim(token, " ") != token || sent != scheme ||
			(!strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "DPoP")) {
			t.Fatalf("header %q gave token %q", header, token)
		}
	})
}
