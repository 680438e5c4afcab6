//go:build js && wasm

package jsbridge

import (
	"math"
	"time"

	"github.com/hack-pad/safejs"
)

// maxTimeoutMS keeps a timeout inside time.Duration (about 292 years would overflow).
const maxTimeoutMS = float64(365 * 24 * time.Hour / time.Millisecond)

// durationMSProp reads obj[name] as a positive number of milliseconds; 0 when undefined
// or null, which lets the core apply its default.
func durationMSProp(obj safejs.Value, name string) (time.Duration, error) {
	v, err := getProp(obj, name)
	if err != nil {
		return 0, err
	}
	switch v.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
		return 0, nil
	case safejs.TypeNumber:
	default:
		return 0, errWrongType
	}
	ms, err := v.Float()
	if err != nil {
		return 0, err
	}
	if math.IsNaN(ms) || ms <= 0 || ms > maxTimeoutMS {
		return 0, errWrongType
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}
