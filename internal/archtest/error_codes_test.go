package archtest

import (
	"regexp"
	"testing"
)

// TestErrorCodesAreDeclared: every code the bridge derives (jsbridge/errors.go) is in the
// ErrorCode union of web/types/errors.d.ts and explained in its doc list, so a program
// branching on `e.code` type-checks against every code it can meet.
func TestErrorCodesAreDeclared(t *testing.T) {
	bridge := read(t, "jsbridge", "errors.go")
	types := read(t, "web", "types", "errors.d.ts")
	codes := regexp.MustCompile(`(?:\{sdk\.\w+, |sdk\.Kind\w+: +)"(\w+)"`).FindAllStringSubmatch(bridge, -1)
	if len(codes) < 10 {
		t.Fatalf("found %d codes in jsbridge/errors.go: the pattern no longer matches the tables", len(codes))
	}
	for _, m := range codes {
		code := regexp.QuoteMeta(m[1])
		if !regexp.MustCompile(`\|\s*"` + code + `"`).MatchString(types) {
			t.Errorf("code %q is not in ErrorCode (web/types/errors.d.ts)", m[1])
		}
		if !regexp.MustCompile("\\* - `" + code + "`").MatchString(types) {
			t.Errorf("code %q is not explained in ErrorCode's doc list", m[1])
		}
	}
}
