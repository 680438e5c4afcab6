package sdk

import (
	"errors"
	"strings"
)

// errMalformedJSON marks a response body that is not the JSON the protocol promises.
var errMalformedJSON = errors.New("wasmgear: malformed JSON")

// decodeObject decodes a JSON object (RFC 8259) into the values syscall/js accepts:
// map[string]any, []any, string, float64, bool and nil. encoding/json would cost about
// 244 KB of the WebAssembly module; jsonDecoder (json_decode.go) is a few KB.
func decodeObject(data []byte) (map[string]any, error) {
	if err := checkJSONDepth(data); err != nil {
		return nil, err
	}
	d := jsonDecoder{data: data}
	if d.next() != '{' {
		return nil, errMalformedJSON
	}
	v, err := d.document()
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

// stringField returns obj[key] when it is a string, else "".
func stringField(obj map[string]any, key string) string {
	s, _ := obj[key].(string)
	return s
}

// jsonObject serialises string fields as a JSON object (RFC 8259), in order; the core
// links no JSON encoder for this.
func jsonObject(fields [][2]string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		jsonString(&b, f[0])
		b.WriteByte(':')
		jsonString(&b, f[1])
	}
	b.WriteByte('}')
	return b.String()
}

// jsonString writes s as a JSON string (RFC 8259 §7), escaping what must be escaped.
func jsonString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}
