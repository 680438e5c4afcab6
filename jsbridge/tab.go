//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// windowTab is sdk.Tab over the WindowProxy the glue's window.open returned.
type windowTab struct {
	w safejs.Value
}

// Navigate implements sdk.Tab. The new tab loses its opener first, so the provider's
// pages cannot script or redirect the app's tab (reverse tabnabbing).
func (t windowTab) Navigate(url string) error {
	_ = t.w.Set("opener", nil)
	location, err := t.w.Get("location")
	if err != nil {
		return err
	}
	return location.Set("href", url)
}

// Close implements sdk.Tab.
func (t windowTab) Close() {
	_, _ = t.w.Call("close")
}

// parseOpenArgs reads open(page, { uiLocales, openInSameTab }, tab): tab is what the
// glue's window.open returned during the call, null when a popup blocker refused it.
func parseOpenArgs(args []safejs.Value) (string, sdk.OpenOptions, sdk.Tab, error) {
	var o sdk.OpenOptions
	pageVal := argOrUndefined(args)
	if pageVal.Type() != safejs.TypeString {
		return "", o, nil, sdk.InvalidOptions("open: page must be Page.Settings or Page.Identities")
	}
	page, _ := pageVal.String()
	if len(args) > 1 && isObject(args[1]) {
		var err error
		if o.UILocales, err = stringOrStringsProp(args[1], "uiLocales"); err != nil {
			return "", o, nil, argError("open", "uiLocales", "an array of strings", err)
		}
		if o.OpenInSameTab, err = boolProp(args[1], "openInSameTab"); err != nil {
			return "", o, nil, argError("open", "openInSameTab", "a boolean", err)
		}
	} else if len(args) > 1 && args[1].Type() != safejs.TypeUndefined && args[1].Type() != safejs.TypeNull {
		return "", o, nil, sdk.InvalidOptions("open: expected options such as { uiLocales, openInSameTab }")
	}
	if o.OpenInSameTab {
		return page, o, nil, nil
	}
	if len(args) < 3 || !isObject(args[2]) {
		return "", o, nil, sdk.ErrPopupBlocked
	}
	return page, o, windowTab{w: args[2]}, nil
}
