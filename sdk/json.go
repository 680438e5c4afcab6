package sdk

import (
	"errors"
	"strings"

	"github.com/buger/jsonparser"
)

// errMalformedJSON marks a response body that is not the JSON the protocol promises.
var errMalformedJSON = errors.New("wasmgear: malformed JSON")

// decodeObject decodes a JSON object (RFC 8259) into the values syscall/js accepts:
// map[string]any, []any, string, float64, bool and nil. encoding/json would cost about
// 244 KB of the WebAssembly module; jsonparser does the tokenising for a fraction of it.
func decodeObject(data []byte) (obj map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil { // the scanner must never take the SDK down
			obj, err = nil, errMalformedJSON
		}
	}()
	if err := checkJSONDepth(data); err != nil {
		return nil, err
	}
	value, typ, _, err := jsonparser.Get(data)
	if err != nil || typ != jsonparser.Object {
		return nil, errMalformedJSON
	}
	v, err := decodeValue(value, typ)
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

// decodeValue converts one JSON value of type typ.
func decodeValue(value []byte, typ jsonparser.ValueType) (any, error) {
	switch typ {
	case jsonparser.Object:
		out := map[string]any{}
		err := jsonparser.ObjectEach(value, func(key, v []byte, t jsonparser.ValueType, _ int) error {
			k, err := jsonparser.ParseString(key)
			if err != nil {
				return errMalformedJSON
			}
			out[k], err = decodeValue(v, t)
			return err
		})
		if err != nil {
			return nil, errMalformedJSON
		}
		return out, nil
	case jsonparser.Array:
		out := []any{}
		var firstErr error
		_, err := jsonparser.ArrayEach(value, func(v []byte, t jsonparser.ValueType, _ int, err error) {
			if err == nil {
				var item any
				item, err = decodeValue(v, t)
				out = append(out, item)
			}
			if err != nil && firstErr == nil {
				firstErr = err
			}
		})
		if err != nil || firstErr != nil {
			return nil, errMalformedJSON
		}
		return out, nil
	case jsonparser.String:
		s, err := jsonparser.ParseString(value)
		if err != nil {
			return nil, errMalformedJSON
		}
		return s, nil
	case jsonparser.Number:
		f, err := jsonparser.ParseFloat(value)
		if err != nil {
			return nil, errMalformedJSON
		}
		return f, nil
	case jsonparser.Boolean:
		b, err := jsonparser.ParseBoolean(value)
		if err != nil {
			return nil, errMalformedJSON
		}
		return b, nil
	case jsonparser.Null:
		return nil, nil
	default:
		return nil, errMalformedJSON
	}
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
