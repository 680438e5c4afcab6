package sdk

// ASCII case folding for protocol tokens: auth-schemes, auth-param names, token_type
// (RFC 9110 §11.1, §5.6.2: tokens are ASCII, compared case-insensitively). strings.ToLower
// and strings.EqualFold fold all of Unicode, which brings its case tables into the
// WebAssembly module, and ToLower can change a string's length (U+212A KELVIN SIGN becomes
// "k"), so an index found in its result is not one in the original.

// lowerASCII is s with A–Z lowered and every other byte kept: same length, same offsets.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// equalFoldASCII reports whether a and b are equal with A–Z and a–z matched.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// LowerASCII lowers A–Z and keeps every other byte, for the adapters' protocol names
// (HTTP header names are ASCII tokens): strings.ToLower would bring Unicode's case tables.
func LowerASCII(s string) string { return lowerASCII(s) }
