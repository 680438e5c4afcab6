//go:build js && wasm

package jsbridge

import (
	"reflect"
	"testing"

	"github.com/hack-pad/safejs"

	"github.com/wasmgear/wasmgear/sdk"
)

func TestUserInfoObject_AllClaims(t *testing.T) {
	raw := map[string]any{"sub": "u1", "phone_number": "+85212345678", "phone_number_verified": false,
		"middle_name": "M", "nickname": "N", "picture": "p", "profile": "pr", "website": "w", "gender": "g",
		"birthdate": "2000-01-01", "zoneinfo": "Asia/Hong_Kong", "locale": "zh-HK", "updated_at": 1700000000.0,
		"address": map[string]any{"formatted": "F", "street_address": "S", "locality": "L", "region": "R",
			"postal_code": "P", "country": "C"},
		"email": 42.0}
	m := userInfoObject(&sdk.UserInfo{Sub: "u1", IsAnonymous: true, Roles: []string{"r"}, Raw: raw})
	want := map[string]any{"phoneNumber": "+85212345678", "phoneNumberVerified": false, "middleName": "M",
		"nickname": "N", "picture": "p", "profile": "pr", "website": "w", "gender": "g", "birthdate": "2000-01-01",
		"zoneinfo": "Asia/Hong_Kong", "locale": "zh-HK", "updatedAt": 1700000000.0, "isAnonymous": true,
		"roles": []any{"r"}, "customAttributes": map[string]any{},
		"address": map[string]any{"formatted": "F", "streetAddress": "S", "locality": "L", "region": "R",
			"postalCode": "P", "country": "C"}}
	for k, v := range want {
		if !reflect.DeepEqual(m[k], v) {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	if _, ok := m["email"]; ok {
		t.Error("an email claim of the wrong type was copied")
	}
}

// identities and authenticators reach JS with Dates, as @authgear/web's `new Date(…)`.
func TestUserInfoObject_IdentitiesAreDates(t *testing.T) {
	m := userInfoObject(&sdk.UserInfo{Sub: "u1", RecoveryCodeEnabled: true,
		Identities:     []sdk.Identity{{Type: "oauth", OAuthProviderType: "google", CreatedAt: "2026-01-02T03:04:05Z"}},
		Authenticators: []sdk.Authenticator{{Type: "totp", Kind: "secondary", UpdatedAt: "2026-01-02T03:04:05Z"}}})
	v, err := safejs.ValueOf(m)
	if err != nil {
		t.Fatal(err)
	}
	check := evalJS(t, `(u) => [u.recoveryCodeEnabled, u.identities[0].createdAt instanceof Date,
		u.identities[0].createdAt.getTime(), u.identities[0].oauthProviderType, "loginIDKey" in u.identities[0],
		u.authenticators[0].updatedAt.getTime(), u.authenticators[0].kind].join(",")`)
	got, err := check.Invoke(v)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := got.String()
	if want := "true,true,1767323045000,google,false,1767323045000,secondary"; s != want {
		t.Errorf("got %s, want %s", s, want)
	}
	if _, ok := userInfoObject(&sdk.UserInfo{Sub: "u2"})["identities"]; ok {
		t.Error("identities set without the claim")
	}
}
