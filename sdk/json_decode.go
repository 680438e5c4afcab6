package sdk

import "unicode/utf8"

// jsonDecoder reads one JSON text (RFC 8259) into the values syscall/js accepts. It is ours,
// not a library's, because every JSON library at hand links fmt and reflect into the
// WebAssembly module (about 35 KB brotli), and strconv.ParseFloat would add 11 KB more
// (json_number.go has the float conversion). It decodes what encoding/json decodes into an `any`, value for value: invalid UTF-8
// and unpaired surrogate escapes become U+FFFD, the last of duplicate keys wins, and numbers
// out of float64's range are malformed (the fuzz test compares the two).
type jsonDecoder struct {
	data []byte
	pos  int
}

// document decodes the whole input as one value; anything but white space after it is
// malformed.
func (d *jsonDecoder) document() (any, error) {
	v, err := d.value()
	if err != nil {
		return nil, err
	}
	if d.space(); d.pos != len(d.data) {
		return nil, errMalformedJSON
	}
	return v, nil
}

// space skips the four white-space bytes JSON allows between tokens.
func (d *jsonDecoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// next skips white space and returns the byte there, or 0 at the end.
func (d *jsonDecoder) next() byte {
	if d.space(); d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

func (d *jsonDecoder) value() (any, error) {
	switch c := d.next(); {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		return d.string()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	return nil, errMalformedJSON
}

func (d *jsonDecoder) literal(word string) error {
	if len(d.data)-d.pos < len(word) || string(d.data[d.pos:d.pos+len(word)]) != word {
		return errMalformedJSON
	}
	d.pos += len(word)
	return nil
}

func (d *jsonDecoder) object() (any, error) {
	d.pos++ // {
	out := map[string]any{}
	if d.next() == '}' {
		d.pos++
		return out, nil
	}
	for {
		if d.next() != '"' {
			return nil, errMalformedJSON
		}
		key, err := d.string()
		if err != nil {
			return nil, err
		}
		if d.next() != ':' {
			return nil, errMalformedJSON
		}
		d.pos++
		if out[key], err = d.value(); err != nil {
			return nil, err
		}
		switch d.next() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return out, nil
		default:
			return nil, errMalformedJSON
		}
	}
}

func (d *jsonDecoder) array() (any, error) {
	d.pos++ // [
	out := []any{}
	if d.next() == ']' {
		d.pos++
		return out, nil
	}
	for {
		item, err := d.value()
		if err != nil {
			return nil, err
		}
		out = append(out, item)
		switch d.next() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return out, nil
		default:
			return nil, errMalformedJSON
		}
	}
}

// string reads a string token, d.pos at its opening quote. Plain ASCII without escapes, the
// usual case, is copied once; anything else goes through unescape.
func (d *jsonDecoder) string() (string, error) {
	d.pos++ // "
	start := d.pos
	for ; d.pos < len(d.data); d.pos++ {
		switch c := d.data[d.pos]; {
		case c == '"':
			d.pos++
			return string(d.data[start : d.pos-1]), nil
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return d.unescape(start)
		}
	}
	return "", errMalformedJSON
}

// unescape finishes a string token that has escapes, control bytes or non-ASCII text.
func (d *jsonDecoder) unescape(start int) (string, error) {
	buf := append(make([]byte, 0, d.pos-start+16), d.data[start:d.pos]...)
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(buf), nil
		case c < 0x20:
			return "", errMalformedJSON
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			buf = utf8.AppendRune(buf, r) // an invalid byte decodes to U+FFFD
			d.pos += size
		case c != '\\':
			buf = append(buf, c)
			d.pos++
		default:
			var ok bool
			if buf, ok = d.escape(buf); !ok {
				return "", errMalformedJSON
			}
		}
	}
	return "", errMalformedJSON
}

// escape appends the character of the escape at d.pos (a backslash) and moves past it.
func (d *jsonDecoder) escape(buf []byte) ([]byte, bool) {
	if d.pos+1 >= len(d.data) {
		return buf, false
	}
	c := d.data[d.pos+1]
	d.pos += 2
	switch c {
	case '"', '\\', '/':
		return append(buf, c), true
	case 'b':
		return append(buf, '\b'), true
	case 'f':
		return append(buf, '\f'), true
	case 'n':
		return append(buf, '\n'), true
	case 'r':
		return append(buf, '\r'), true
	case 't':
		return append(buf, '\t'), true
	case 'u':
		r, ok := d.hex4(d.pos)
		if !ok {
			return buf, false
		}
		d.pos += 4
		if r >= 0xd800 && r < 0xdc00 { // a high surrogate: only a low one after it completes it
			if low, ok := d.hex4(d.pos + 2); ok && low >= 0xdc00 && low < 0xe000 &&
				d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
				d.pos += 6
				return utf8.AppendRune(buf, 0x10000+(r-0xd800)<<10+(low-0xdc00)), true
			}
		}
		return utf8.AppendRune(buf, r), true // a lone surrogate appends U+FFFD
	}
	return buf, false
}

// hex4 reads the four hex digits at i.
func (d *jsonDecoder) hex4(i int) (rune, bool) {
	if i < 0 || i+4 > len(d.data) {
		return 0, false
	}
	var r rune
	for _, c := range d.data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number reads a number token by RFC 8259's grammar. Integers of up to 15 digits, which is
// what the protocol sends (expires_in, exp, iat), are exact in float64 without strconv.
func (d *jsonDecoder) number() (any, error) {
	start := d.pos
	neg := d.data[d.pos] == '-'
	if neg {
		d.pos++
	}
	intStart := d.pos
	switch {
	case d.pos < len(d.data) && d.data[d.pos] == '0':
		d.pos++
	case !d.digits():
		return nil, errMalformedJSON
	}
	integer := d.pos - intStart
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if !d.digits() {
			return nil, errMalformedJSON
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if !d.digits() {
			return nil, errMalformedJSON
		}
	}
	if d.pos-intStart == integer && integer <= 15 {
		var n float64
		for _, c := range d.data[intStart:d.pos] {
			n = n*10 + float64(c-'0')
		}
		if neg {
			n = -n
		}
		return n, nil
	}
	f, ok := parseJSONFloat(d.data[start:d.pos])
	if !ok {
		return nil, errMalformedJSON
	}
	return f, nil
}

// digits skips one or more decimal digits; false when there is none.
func (d *jsonDecoder) digits() bool {
	start := d.pos
	for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
		d.pos++
	}
	return d.pos > start
}
