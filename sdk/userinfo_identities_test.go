package sdk

import (
	"reflect"
	"testing"
)

// Authgear's identities and authenticators claims decode as @authgear/web decodes them:
// fields by type, unknown enumeration values as "unknown", a missing claim as nil.
func TestParseUserInfo_IdentitiesAndAuthenticators(t *testing.T) {
	raw, err := decodeObject([]byte(`{"sub":"u1",
	  "https://authgear.com/claims/user/recovery_code_enabled": true,
	  "https://authgear.com/claims/user/identities": [
	    {"type":"login_id","login_id_key":"email","login_id_type":"email","created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-03T00:00:00Z","oauth_provider_type":"ignored"},
	    {"type":"oauth","oauth_provider_type":"google","oauth_provider_alias":"g","created_at":"2026-01-04T00:00:00Z","updated_at":"2026-01-04T00:00:00Z"},
	    {"type":"login_id","login_id_key":"x","login_id_type":"fax"},
	    {"type":"telepathy"}],
	  "https://authgear.com/claims/user/authenticators": [
	    {"type":"totp","kind":"secondary","created_at":"a","updated_at":"b"},
	    {"type":"smoke_signal","kind":"tertiary"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	u, ok := parseUserInfo(raw)
	if !ok {
		t.Fatal("not parsed")
	}
	if !u.RecoveryCodeEnabled {
		t.Error("RecoveryCodeEnabled = false")
	}
	wantIDs := []Identity{
		{Type: "login_id", LoginIDKey: "email", LoginIDType: "email", CreatedAt: "2026-01-02T03:04:05Z", UpdatedAt: "2026-01-03T00:00:00Z"},
		{Type: "oauth", OAuthProviderType: "google", OAuthProviderAlias: "g", CreatedAt: "2026-01-04T00:00:00Z", UpdatedAt: "2026-01-04T00:00:00Z"},
		{Type: "login_id", LoginIDKey: "x", LoginIDType: "unknown"},
		{Type: "unknown"},
	}
	if !reflect.DeepEqual(u.Identities, wantIDs) {
		t.Errorf("Identities = %+v\nwant %+v", u.Identities, wantIDs)
	}
	wantAuth := []Authenticator{{Type: "totp", Kind: "secondary", CreatedAt: "a", UpdatedAt: "b"}, {Type: "unknown", Kind: "unknown"}}
	if !reflect.DeepEqual(u.Authenticators, wantAuth) {
		t.Errorf("Authenticators = %+v\nwant %+v", u.Authenticators, wantAuth)
	}

	bare, _ := parseUserInfo(map[string]any{"sub": "u2"})
	if bare.RecoveryCodeEnabled || bare.Identities != nil || bare.Authenticators != nil {
		t.Errorf("absent claims: %+v", bare)
	}
}
