package sdk

// maxJSONDepth bounds the nesting of a provider's JSON. The protocol's documents nest
// two or three levels (custom attributes a few more); the decoder recurses once per
// level and its cost grows with the square of the depth, so 20,000 levels kept a call
// from ever settling. encoding/json allows 10,000; wasmgear needs far fewer.
const maxJSONDepth = 128

// checkJSONDepth is a cheap pre-scan run before the JSON decoder: one pass over the
// bytes counting open arrays and objects outside strings, so a document nested deeper
// than maxJSONDepth is refused in linear time, whichever decoder sdk/json.go uses.
// Malformed input is left for the decoder to refuse.
func checkJSONDepth(data []byte) error {
	depth := 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++ // the escaped byte cannot end the string
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			if depth++; depth > maxJSONDepth {
				return ErrJSONTooDeep
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}
