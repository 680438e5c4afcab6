package backend_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/backend"
)

// fuzzVerifier is a verifier whose unknown-kid fetches are spent after the
// first, so that the fuzzer's random kids fail at once instead of waiting.
func fuzzVerifier(f *testing.F, keys ...signingKey) (*backend.JWTVerifier, *testIssuer) {
	iss := newTestIssuer(f, keys...)
	v := newVerifier(f, iss.srv.URL, backend.WithRefreshInterval(0), backend.WithUnknownKIDRateLimit(time.Hour, 1))
	return v, iss
}

// checkVerdict fails unless Verify's answer is consistent: a user exactly
// when there is no error, and every error one of the package's sentinels.
func checkVerdict(t *testing.T, u *backend.User, err error) {
	t.Helper()
	if (u == nil) == (err == nil) {
		t.Fatalf("user %v with error %v", u, err)
	}
	if err != nil && !errors.Is(err, backend.ErrInvalidToken) && !errors.Is(err, backend.ErrNoCredential) {
		t.Fatalf("error %v is neither ErrInvalidToken nor ErrNoCredential", err)
	}
	if u != nil && u.Sub == "" {
		t.Fatal("accepted a token without sub")
	}
}

// FuzzVerify feeds arbitrary strings to Verify. The fuzzer cannot forge a
// signature, so a token it accepts must carry, byte for byte, the header
// and payload of a token the test signed: the signature covers exactly
// those bytes (RFC 7515 §5.2), so anything else accepted is a false accept.
func FuzzVerify(f *testing.F) {
	rsaKey, ecKey := newRSAKey(f, "rsa-1"), newECKey(f, "ec-1")
	v, iss := fuzzVerifier(f, rsaKey, ecKey)
	signed := map[string]bool{}
	add := func(token string) {
		signed[signingInput(token)] = true
		f.Add(token)
	}
	add(sign(f, rsaKey, iss.claims()))
	add(sign(f, ecKey, iss.claims()))
	add(signWithHeader(f, ecKey, iss.claims(), map[string]any{"typ": "at+jwt"}))
	add(sign(f, ecKey, with(iss.claims(), "exp", testNow.Add(-time.Hour).Unix())))
	f.Add("")
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, token string) {
		u, err := v.Verify(context.Background(), token)
		checkVerdict(t, u, err)
		if u != nil && !signed[signingInput(token)] {
			t.Fatalf("FALSE ACCEPT of %q", token)
		}
	})
}

// signingInput is a compact JWS without its signature.
func signingInput(token string) string {
	i := strings.LastIndexByte(token, '.')
	if i < 0 {
		return token
	}
	return token[:i]
}

// issuerPlaceholder in a FuzzVerifySigned payload stands for the test
// issuer's URL, whose port changes from run to run, so that checked-in
// seeds can reach the claim checks after iss.
const issuerPlaceholder = "$ISS"

// FuzzVerifySigned signs arbitrary header and payload bytes with the
// published key, so the fuzzer explores everything after the signature
// check: the JOSE header rules and the claim rules. An accepted token must
// satisfy the rules as acceptable() states them independently.
func FuzzVerifySigned(f *testing.F) {
	key := newECKey(f, "ec-1")
	v, iss := fuzzVerifier(f, key)
	claims, _ := json.Marshal(with(with(iss.claims(), "iss", issuerPlaceholder), "aud", issuerPlaceholder))
	f.Add([]byte(`{"alg":"ES256","kid":"ec-1","typ":"at+jwt"}`), claims)
	f.Add([]byte(`{"alg":"ES256","kid":"ec-1"}`), claims)
	f.Add([]byte(`{"alg":"ES256","kid":"ec-1","crit":["exp"]}`), claims)
	f.Add([]byte(`{"alg":"ES256","kid":"ec-1","typ":"logout+jwt"}`), claims)
	f.Add([]byte(`{"alg":"none","kid":"ec-1"}`), claims)
	f.Add([]byte(`{"alg":"ES256","kid":"ec-1"}`), []byte(`{"iss":1,"aud":[],"exp":"soon"}`))
	f.Fuzz(func(t *testing.T, header, payload []byte) {
		payload = bytes.ReplaceAll(payload, []byte(issuerPlaceholder), []byte(iss.srv.URL))
		enc := base64.RawURLEncoding.EncodeToString
		input := enc(header) + "." + enc(payload)
		sig, err := jwt.SigningMethodES256.Sign(input, key.priv)
		if err != nil {
			t.Fatal(err)
		}
		u, err := v.Verify(context.Background(), input+"."+enc(sig))
		checkVerdict(t, u, err)
		if u != nil {
			if why := acceptable(header, payload, iss.srv.URL); why != "" {
				t.Fatalf("FALSE ACCEPT (%s): header %s, payload %s", why, header, payload)
			}
		}
	})
}

// acceptable restates the verifier's rules for a validly signed token, at
// testNow with the default leeway; it returns why a token breaks them.
func acceptable(header, payload []byte, issuer string) string {
	var h, c map[string]any
	if json.Unmarshal(header, &h) != nil || json.Unmarshal(payload, &c) != nil {
		return "not JSON objects"
	}
	if h["alg"] != "ES256" || h["kid"] != "ec-1" {
		return "alg or kid"
	}
	if _, ok := h["crit"]; ok {
		return "crit"
	}
	if typ, ok := h["typ"]; ok {
		s, _ := typ.(string)
		if t := strings.TrimPrefix(strings.ToLower(s), "application/"); t != "at+jwt" && t != "jwt" {
			return "typ"
		}
	}
	if c["iss"] != issuer {
		return "iss"
	}
	switch aud := c["aud"].(type) {
	case string:
		if aud != issuer {
			return "aud"
		}
	case []any:
		found := false
		for _, a := range aud {
			found = found || a == issuer
		}
		if !found {
			return "aud"
		}
	default:
		return "aud"
	}
	// NumericDates count in whole seconds (jwt.TimePrecision), rounded down.
	now, leeway := float64(testNow.Unix()), backend.DefaultLeeway.Seconds()
	if exp, ok := c["exp"].(float64); !ok || math.Floor(exp) < now-leeway {
		return "exp"
	}
	for _, name := range []string{"nbf", "iat"} {
		if t, ok := c[name]; ok {
			if n, isNum := t.(float64); !isNum || math.Floor(n) > now+leeway {
				return name
			}
		}
	}
	if sub, _ := c["sub"].(string); sub == "" {
		return "sub"
	}
	return ""
}
