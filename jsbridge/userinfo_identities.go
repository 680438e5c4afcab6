//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// identitiesArray is UserInfo.identities as @authgear/web shapes it: createdAt and
// updatedAt as Dates, the login-ID fields only on login_id identities and the provider
// fields only on oauth ones. nil (the key left undefined) when the claim was absent.
func identitiesArray(ids []sdk.Identity) []any {
	if ids == nil {
		return nil
	}
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		m := map[string]any{"type": id.Type, "createdAt": jsDate(id.CreatedAt), "updatedAt": jsDate(id.UpdatedAt)}
		switch id.Type {
		case "login_id":
			m["loginIDKey"] = id.LoginIDKey
			if id.LoginIDType != "" {
				m["loginIDType"] = id.LoginIDType
			}
		case "oauth":
			m["oauthProviderType"] = id.OAuthProviderType
			m["oauthProviderAlias"] = id.OAuthProviderAlias
		}
		out = append(out, m)
	}
	return out
}

// authenticatorsArray is UserInfo.authenticators as @authgear/web shapes it.
func authenticatorsArray(list []sdk.Authenticator) []any {
	if list == nil {
		return nil
	}
	out := make([]any, 0, len(list))
	for _, a := range list {
		out = append(out, map[string]any{"type": a.Type, "kind": a.Kind, "createdAt": jsDate(a.CreatedAt), "updatedAt": jsDate(a.UpdatedAt)})
	}
	return out
}

// jsDate is `new Date(s)`, as @authgear/web makes it (an unparsable time is an Invalid
// Date there too). JavaScript parses the time, so the module links no time formatting.
// It is a js.Value because ValueOf, which converts the result maps, takes no safejs.Value.
func jsDate(s string) any {
	ctor, err := safejs.Global().Get("Date")
	if err != nil {
		return nil
	}
	d, err := ctor.New(s)
	if err != nil {
		return nil
	}
	return safejs.Unsafe(d)
}
