package sdk

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// jsonFloatCases are where float parsing goes wrong: halfway cases, the ends of the range,
// subnormals, long mantissas, the famous hard inputs.
var jsonFloatCases = []string{
	"0.1", "0.2", "0.30000000000000004", "1.7976931348623157e308", "1.7976931348623158e308",
	"1.7976931348623159e308", "1.8e308", "2.2250738585072014e-308", "2.2250738585072011e-308",
	"4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400",
	"9007199254740993", "9007199254740992.5", "9007199254740993.0000000000000000001",
	"123456789012345678901234567890", "1e23", "8.41e21", "-0.0", "-1.5e-3", "1E+2", "1e0",
	"0.000000000000000000000000000000000000000001", "3.141592653589793238462643383279",
	"2.225073858507201136057409796709131975934819546351645648e-308",
	"1.00000000000000011102230246251565404236316680908203125",
	"1.00000000000000011102230246251565404236316680908203124",
	"1.00000000000000011102230246251565404236316680908203126",
	"7.2057594037927933e16", "1e22", "1e-22", "123456789012345e-22",
	"0." + strings.Repeat("0", 400) + "1", "1" + strings.Repeat("0", 320), strings.Repeat("9", 900) + "e-600",
	"4.940656458412465441765687928682213723651e-324" + strings.Repeat("0", 800) + "1",
}

func TestParseJSONFloat_MatchesParseFloat(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	cases := append([]string(nil), jsonFloatCases...)
	for range 20000 {
		f := math.Float64frombits(r.Uint64() &^ (1 << 63))
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		s := strconv.FormatFloat(f, 'e', -1, 64)
		cases = append(cases, s, strconv.FormatFloat(f, 'e', 16+r.IntN(8), 64), nudgeLastDigit(s))
	}
	for _, s := range cases {
		checkParseJSONFloat(t, s)
	}
}

// FuzzParseJSONFloat_MatchesParseFloat: for any number token, parseJSONFloat gives what
// strconv.ParseFloat gives, and fails where it reports a range error.
func FuzzParseJSONFloat_MatchesParseFloat(f *testing.F) {
	for _, s := range jsonFloatCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := jsonDecoder{data: []byte(s)}
		if len(s) == 0 || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
			return
		}
		if _, err := d.number(); err != nil && d.pos == len(s) {
			return // a range error; checkParseJSONFloat covers those below
		}
		if d.pos != len(s) {
			return // not one number token
		}
		checkParseJSONFloat(t, s)
	})
}

func checkParseJSONFloat(t *testing.T, s string) {
	t.Helper()
	want, err := strconv.ParseFloat(s, 64)
	got, ok := parseJSONFloat([]byte(s))
	if ok != (err == nil) || ok && math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("parseJSONFloat(%.80q) = %v, %v; strconv.ParseFloat = %v, %v", s, got, ok, want, err)
	}
}

// nudgeLastDigit moves the mantissa's last digit by one, landing between two floats.
func nudgeLastDigit(s string) string {
	i := strings.IndexByte(s, 'e') - 1
	b := []byte(s)
	if b[i] == '9' {
		b[i] = '8'
	} else {
		b[i]++
	}
	return string(b)
}
