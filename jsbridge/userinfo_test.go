//go:build js && wasm

package jsbridge

import (
	"reflect"
	"testing"

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
