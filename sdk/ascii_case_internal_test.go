package sdk

import (
	"strings"
	"testing"
)

// A challenge with non-ASCII text before the Bearer challenge: Unicode lowering made "İ"
// (2 bytes) into "i̇" (3 bytes), and the Bearer offset found in the lowered copy cut the
// original in the wrong place, losing the error code.
func TestChallengeParam_NonASCIIBeforeBearer(t *testing.T) {
	challenge := `Basic realm="İİİ", Bearer error="insufficient_scope", error_description="needs admin"`
	if got := challengeParam(challenge, "error"); got != "insufficient_scope" {
		t.Fatalf(`challengeParam(…, "error") = %q, want "insufficient_scope"`, got)
	}
	if got := challengeParam(challenge, "ERROR_description"); got != "needs admin" {
		t.Fatalf(`challengeParam(…, "ERROR_description") = %q, want "needs admin"`, got)
	}
}

// On ASCII, the helpers agree with strings' Unicode versions; beyond ASCII they leave
// bytes alone, as protocol tokens have none.
func TestASCIICase_AgreesWithStringsOnASCII(t *testing.T) {
	for _, s := range []string{"", "dpop", "DPoP", "Bearer realm=\"x\"", "WWW-Authenticate", "a-Z_09@[`{"} {
		if got := lowerASCII(s); got != strings.ToLower(s) {
			t.Errorf("lowerASCII(%q) = %q, want %q", s, got, strings.ToLower(s))
		}
		for _, u := range []string{strings.ToUpper(s), strings.ToLower(s), s + "x"} {
			if got, want := equalFoldASCII(s, u), strings.EqualFold(s, u); got != want {
				t.Errorf("equalFoldASCII(%q, %q) = %v, want %v", s, u, got, want)
			}
		}
	}
	if got := lowerASCII("İK\u212a"); got != "İk\u212a" {
		t.Errorf("lowerASCII changed non-ASCII bytes: %q", got)
	}
	if equalFoldASCII("k", "\u212a") {
		t.Error("equalFoldASCII matched the Kelvin sign with k")
	}
}
