//go:build js && wasm

package jsbridge

import (
	"errors"

	"github.com/hack-pad/safejs"
)

// errWrongType marks an argument of the wrong JS type; the message names the field.
var errWrongType = errors.New("wrong type")

// getProp reads obj[name] through Reflect.get called as a function. safejs's Value.Get
// cannot protect against a property getter that throws: wasm_exec.js's valueGet has no
// try/catch, so the exception unwinds through the Go program and kills it. Function
// calls (valueCall) do catch, so every read of a value we do not control goes through
// here: app-supplied options objects, and window.localStorage, whose getter throws a
// SecurityError when the user blocks site data.
func getProp(obj safejs.Value, name string) (safejs.Value, error) {
	reflect, err := safejs.Global().Get("Reflect")
	if err != nil {
		return safejs.Undefined(), err
	}
	return reflect.Call("get", obj, name)
}

// stringProp reads obj[name] as a string; "" and no error when it is undefined or null.
func stringProp(obj safejs.Value, name string) (string, error) {
	v, err := getProp(obj, name)
	if err != nil {
		return "", err
	}
	switch v.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
		return "", nil
	case safejs.TypeString:
		return v.String()
	default:
		return "", errWrongType
	}
}

// boolProp reads obj[name] as a boolean; false when undefined or null.
func boolProp(obj safejs.Value, name string) (bool, error) {
	v, err := getProp(obj, name)
	if err != nil {
		return false, err
	}
	switch v.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
		return false, nil
	case safejs.TypeBoolean:
		return v.Bool()
	default:
		return false, errWrongType
	}
}

// stringsProp reads obj[name] as an array of strings; nil when undefined or null.
func stringsProp(obj safejs.Value, name string) ([]string, error) {
	v, err := getProp(obj, name)
	if err != nil {
		return nil, err
	}
	switch v.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
		return nil, nil
	case safejs.TypeObject:
	default:
		return nil, errWrongType
	}
	isArray, err := safejs.Global().Get("Array")
	if err != nil {
		return nil, err
	}
	ok, err := isArray.Call("isArray", v)
	if err != nil {
		return nil, err
	}
	if b, _ := ok.Bool(); !b {
		return nil, errWrongType
	}
	n, err := v.Length()
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		item, err := v.Index(i)
		if err != nil {
			return nil, err
		}
		if item.Type() != safejs.TypeString {
			return nil, errWrongType
		}
		s, err := item.String()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// isObject reports whether v is a non-null object (an options bag).
func isObject(v safejs.Value) bool {
	return v.Type() == safejs.TypeObject
}
