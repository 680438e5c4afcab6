package sdk

import (
	"strconv"
	"testing"
)

// parseInt64 must read exactly what strconv.ParseInt(s, 10, 64) reads: expires_in strings
// were parsed by it before.
func TestParseInt64_AgreesWithStrconv(t *testing.T) {
	for _, s := range []string{"", "0", "-0", "+0", "1", "+1", "-1", "3600", "007", "+", "-", "+-1", "--1",
		"1e3", "1.5", " 1", "1_000", "0x10", "９", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "18446744073709551616", "99999999999999999999"} {
		got, ok := parseInt64(s)
		want, err := strconv.ParseInt(s, 10, 64)
		if ok != (err == nil) || (ok && got != want) {
			t.Errorf("parseInt64(%q) = %d, %v; strconv says %d, %v", s, got, ok, want, err)
		}
	}
}

func FuzzParseInt64(f *testing.F) {
	f.Add("9223372036854775807")
	f.Add("-12")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseInt64(s)
		want, err := strconv.ParseInt(s, 10, 64)
		if ok != (err == nil) || (ok && got != want) {
			t.Errorf("parseInt64(%q) = %d, %v; strconv says %d, %v", s, got, ok, want, err)
		}
	})
}
