package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/backend"
)

// tamper rewrites a compact JWS: edit changes the decoded header or payload (part 0 or
// 1), and the signature is kept, as an attacker who cannot sign would have to.
func tamper(t *testing.T, token string, part int, edit func(map[string]any)) string {
	t.Helper()
	parts := strings.Split(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[part])
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatal(err)
	}
	edit(obj)
	raw, _ = json.Marshal(obj)
	parts[part] = base64.RawURLEncoding.EncodeToString(raw)
	return strings.Join(parts, ".")
}

// checkVerifierWithProviderTokens proves backend's JWT verifier with a real access token
// of the provider (RFC 9068, for the API's resource): accepted as issued, refused when
// tampered with or checked against another audience. A DPoP-bound token (the SDK's
// default where the provider offers DPoP) passes every check of the token itself and is
// then refused for want of its proof (ErrDPoPBound); the refusals must come earlier.
func checkVerifierWithProviderTokens(t *testing.T, f *interopFixture, token string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	v, err := backend.NewJWTVerifier(ctx, f.issuer, backend.WithAudience(interopResource))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	u, err := v.Verify(ctx, token)
	if bound := errors.Is(err, backend.ErrDPoPBound); !bound && (err != nil || u.Sub != "alice") {
		t.Fatalf("the provider's own access token: user %+v, error %v", u, err)
	}
	refused := func(err error) bool {
		return errors.Is(err, backend.ErrInvalidToken) && !errors.Is(err, backend.ErrDPoPBound)
	}

	sig := strings.Split(token, ".")
	flipped := sig[2][:len(sig[2])-2] + map[bool]string{true: "AA", false: "BB"}[!strings.HasSuffix(sig[2], "AA")]
	rejected := map[string]string{
		"another subject":     tamper(t, token, 1, func(c map[string]any) { c["sub"] = "mallory" }),
		"a later expiry":      tamper(t, token, 1, func(c map[string]any) { c["exp"] = c["exp"].(float64) + 3600 }),
		"alg none":            strings.Join(strings.Split(tamper(t, token, 0, func(h map[string]any) { h["alg"] = "none" }), ".")[:2], ".") + ".",
		"a broken signature":  strings.Join(append(sig[:2:2], flipped), "."),
		"an unknown kid":      tamper(t, token, 0, func(h map[string]any) { h["kid"] = "not-a-key" }),
		"HS256 over the body": tamper(t, token, 0, func(h map[string]any) { h["alg"] = "HS256" }),
	}
	for name, bad := range rejected {
		if _, err := v.Verify(ctx, bad); !refused(err) {
			t.Errorf("%s: %v, want ErrInvalidToken", name, err)
		}
	}
	// The token is for the API's resource, not for the provider itself: a verifier that
	// expects the default audience (the issuer, as Authgear's tokens) refuses it.
	strict, err := backend.NewJWTVerifier(ctx, f.issuer)
	if err != nil {
		t.Fatal(err)
	}
	defer strict.Close()
	if _, err := strict.Verify(ctx, token); !refused(err) {
		t.Errorf("a token for another audience: %v, want ErrInvalidToken", err)
	}
}
