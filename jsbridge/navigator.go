//go:build js && wasm

package jsbridge

import "github.com/hack-pad/safejs"

// PageNavigator is sdk.Navigator over window.location and window.history.
type PageNavigator struct{}

// Location implements sdk.Navigator.
func (PageNavigator) Location() string {
	location, err := safejs.Global().Get("location")
	if err != nil {
		return ""
	}
	href, _ := stringProp(location, "href")
	return href
}

// Assign implements sdk.Navigator with location.assign, which keeps the current page in
// history so the back button returns to the app.
func (PageNavigator) Assign(url string) error {
	location, err := safejs.Global().Get("location")
	if err != nil {
		return err
	}
	_, err = location.Call("assign", url)
	return err
}

// ReplaceURL implements sdk.Navigator with history.replaceState, keeping the app's state.
func (PageNavigator) ReplaceURL(url string) error {
	history, err := safejs.Global().Get("history")
	if err != nil {
		return err
	}
	state, err := history.Get("state")
	if err != nil {
		return err
	}
	_, err = history.Call("replaceState", state, "", url)
	return err
}
