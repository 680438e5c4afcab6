//go:build js && wasm

package jsbridge

import "github.com/wasmgear/wasmgear/sdk"

// claimKind is the JSON type a standard claim must have to be copied into Map.
type claimKind int

const (
	claimString claimKind = iota
	claimBool
	claimNumber
)

// standardClaims maps the standard claims of OIDC Core §5.1 to Authgear's camelCase names.
var standardClaims = []struct {
	claim, name string
	kind        claimKind
}{
	{"email", "email", claimString}, {"email_verified", "emailVerified", claimBool},
	{"phone_number", "phoneNumber", claimString}, {"phone_number_verified", "phoneNumberVerified", claimBool},
	{"preferred_username", "preferredUsername", claimString}, {"family_name", "familyName", claimString},
	{"given_name", "givenName", claimString}, {"middle_name", "middleName", claimString},
	{"name", "name", claimString}, {"nickname", "nickname", claimString},
	{"picture", "picture", claimString}, {"profile", "profile", claimString},
	{"website", "website", claimString}, {"gender", "gender", claimString},
	{"birthdate", "birthdate", claimString}, {"zoneinfo", "zoneinfo", claimString},
	{"locale", "locale", claimString}, {"updated_at", "updatedAt", claimNumber},
}

// addressClaims maps the members of the address claim (OIDC Core §5.1.1).
var addressClaims = [][2]string{{"formatted", "formatted"}, {"street_address", "streetAddress"},
	{"locality", "locality"}, {"region", "region"}, {"postal_code", "postalCode"}, {"country", "country"}}

// userInfoObject is the JavaScript UserInfo object of Authgear's web SDK: camelCase standard
// claims when present, Authgear's claims, customAttributes and raw. Every value is a
// type syscall/js ValueOf accepts: map[string]any, []any, string, float64, bool, nil.
func userInfoObject(u *sdk.UserInfo) map[string]any {
	if u == nil {
		return nil
	}
	roles := make([]any, 0, len(u.Roles))
	for _, r := range u.Roles {
		roles = append(roles, r)
	}
	custom := u.CustomAttributes
	if custom == nil {
		custom = map[string]any{}
	}
	raw := u.Raw
	if raw == nil {
		raw = map[string]any{}
	}
	m := map[string]any{
		"sub": u.Sub, "isAnonymous": u.IsAnonymous, "isVerified": u.IsVerified,
		"canReauthenticate": u.CanReauthenticate, "roles": roles,
		"customAttributes": custom, "raw": raw,
	}
	for _, c := range standardClaims {
		if v, ok := raw[c.claim]; ok && hasKind(v, c.kind) {
			m[c.name] = v
		}
	}
	if addr, ok := raw["address"].(map[string]any); ok {
		out := map[string]any{}
		for _, a := range addressClaims {
			if s, ok := addr[a[0]].(string); ok {
				out[a[1]] = s
			}
		}
		m["address"] = out
	}
	return m
}

func hasKind(v any, kind claimKind) bool {
	switch kind {
	case claimBool:
		_, ok := v.(bool)
		return ok
	case claimNumber:
		_, ok := v.(float64)
		return ok
	default:
		_, ok := v.(string)
		return ok
	}
}
