package sdk

import (
	"math"
	"math/bits"
)

// parseJSONFloat returns the float64 nearest to a JSON number token (RFC 8259 grammar,
// already checked), ties to even, as strconv.ParseFloat does; ok is false when it is beyond
// float64's range. It is ours because strconv.ParseFloat brings a 696-entry power table and
// strconv's error type (Quote and the Unicode print tables): 11 KB brotli of the module.
// The method is Clinger's: a float estimate, then exact integer comparisons with the
// midpoints to its neighbours until it is the nearest.
func parseJSONFloat(token []byte) (float64, bool) {
	neg := token[0] == '-'
	var digits []byte // significant digits, without leading zeros
	exp10 := 0        // the value is digits × 10^exp10
	i := 0
	if neg {
		i++
	}
	dot := false
	for ; i < len(token) && token[i] != 'e' && token[i] != 'E'; i++ {
		switch c := token[i]; {
		case c == '.':
			dot = true
		case len(digits) == 0 && c == '0':
			if dot {
				exp10--
			}
		default:
			digits = append(digits, c)
			if dot {
				exp10--
			}
		}
	}
	if i < len(token) { // exponent
		i++
		expNeg := token[i] == '-'
		if token[i] == '+' || token[i] == '-' {
			i++
		}
		e := 0
		for ; i < len(token); i++ {
			if e < 100000 {
				e = e*10 + int(token[i]-'0')
			}
		}
		if expNeg {
			e = -e
		}
		exp10 += e
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp10++
	}
	sign := 1.0
	if neg {
		sign = -1
	}
	switch {
	case len(digits) == 0 || len(digits)+exp10 < -330:
		return math.Copysign(0, sign), true
	case len(digits)+exp10 > 310:
		return 0, false
	}
	if n := len(digits); n > 780 { // beyond 768 digits only "is anything left" matters
		digits = append(digits[:779:779], '1')
		exp10 += n - 780
	}
	if len(digits) <= 15 && exp10 >= -22 && exp10 <= 22 { // exact operands, one rounding
		m := float64(0)
		for _, c := range digits {
			m = m*10 + float64(c-'0')
		}
		if exp10 < 0 {
			return sign * (m / math.Pow10(-exp10)), true
		}
		return sign * (m * math.Pow10(exp10)), true
	}
	f := estimate(digits, exp10)
	exact := bigFromDigits(digits)
	for range 64 { // the estimate is a few steps away at most
		if math.IsInf(f, 0) {
			f = math.MaxFloat64
		}
		up, down := math.Nextafter(f, math.Inf(1)), math.Nextafter(f, 0)
		if c := compareScaled(exact, exp10, f, up); c > 0 || c == 0 && isOdd(f) {
			f = up
			continue
		}
		if f == 0 {
			break
		}
		if c := compareScaled(exact, exp10, down, f); c < 0 || c == 0 && isOdd(f) {
			f = down
			continue
		}
		break
	}
	if math.IsInf(f, 0) || f == math.MaxFloat64 && compareScaled(exact, exp10, f, math.Inf(1)) >= 0 {
		return 0, false
	}
	return sign * f, true
}

// estimate is within a few units in the last place of digits × 10^exp10.
func estimate(digits []byte, exp10 int) float64 {
	var m uint64
	n := min(len(digits), 19)
	for _, c := range digits[:n] {
		m = m*10 + uint64(c-'0')
	}
	e := exp10 + len(digits) - n
	f := float64(m)
	for e > 300 {
		f *= 1e300
		e -= 300
	}
	for e < -300 {
		f /= 1e300
		e += 300
	}
	return f * math.Pow10(e)
}

func isOdd(f float64) bool { return math.Float64bits(f)&1 == 1 }

// compareScaled compares exact × 10^exp10 with the midpoint of the adjacent floats lo < hi
// (hi may be +Inf, standing for the first value past MaxFloat64).
func compareScaled(exact []uint32, exp10 int, lo, hi float64) int {
	// lo = ml × 2^el and hi = mh × 2^eh; the midpoint is (ml×2^(el-e) + mh×2^(eh-e)) × 2^(e-1).
	ml, el := mantExp(lo)
	var mh uint64
	var eh int
	if math.IsInf(hi, 0) {
		mh, eh = 1<<53, 1024-53
	} else {
		mh, eh = mantExp(hi)
	}
	e := min(el, eh)
	mid := add(shl(fromUint64(ml), el-e), shl(fromUint64(mh), eh-e))
	left := exact
	if exp10 > 0 {
		left = mulPow10(left, exp10)
	} else {
		mid = mulPow10(mid, -exp10)
	}
	if e-1 > 0 {
		mid = shl(mid, e-1)
	} else {
		left = shl(left, 1-e)
	}
	return cmpBig(left, mid)
}

// mantExp splits a finite f ≥ 0 into m × 2^e with integer m.
func mantExp(f float64) (uint64, int) {
	frac, e := math.Frexp(f)
	return uint64(frac * (1 << 53)), e - 53
}

// Little-endian base-2^32 naturals, just enough for compareScaled.

func fromUint64(v uint64) []uint32 { return trim([]uint32{uint32(v), uint32(v >> 32)}) }

func bigFromDigits(digits []byte) []uint32 {
	var x []uint32
	for _, c := range digits {
		x = mulAdd(x, 10, uint32(c-'0'))
	}
	return x
}

func mulAdd(x []uint32, m, a uint32) []uint32 {
	out := make([]uint32, len(x), len(x)+1)
	carry := uint64(a)
	for i, w := range x {
		p := uint64(w)*uint64(m) + carry
		out[i], carry = uint32(p), p>>32
	}
	if carry != 0 {
		out = append(out, uint32(carry))
	}
	return out
}

func mulPow10(x []uint32, n int) []uint32 {
	for ; n >= 9; n -= 9 {
		x = mulAdd(x, 1e9, 0)
	}
	for ; n > 0; n-- {
		x = mulAdd(x, 10, 0)
	}
	return x
}

func shl(x []uint32, n int) []uint32 {
	if len(x) == 0 || n == 0 {
		return x
	}
	words, b := n/32, uint(n%32)
	out := make([]uint32, words+len(x)+1)
	for i, w := range x {
		out[words+i] |= w << b
		if b != 0 {
			out[words+i+1] = w >> (32 - b)
		}
	}
	return trim(out)
}

func add(a, b []uint32) []uint32 {
	if len(a) < len(b) {
		a, b = b, a
	}
	out := make([]uint32, len(a)+1)
	var carry uint32
	for i := range a {
		var w uint32
		if i < len(b) {
			w = b[i]
		}
		s, c1 := bits.Add32(a[i], w, carry)
		out[i], carry = s, c1
	}
	out[len(a)] = carry
	return trim(out)
}

func cmpBig(a, b []uint32) int {
	a, b = trim(a), trim(b)
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	for i := len(a) - 1; i >= 0; i-- {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func trim(x []uint32) []uint32 {
	for len(x) > 0 && x[len(x)-1] == 0 {
		x = x[:len(x)-1]
	}
	return x
}
