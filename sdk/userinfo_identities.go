package sdk

// Identity is one entry of Authgear's identities claim. Type and LoginIDType are values of
// @authgear/web's IdentityType and LoginIDType; a value this version does not know is
// "unknown", so an app's switch has a case for it. Times stay as sent (RFC 3339): the
// bridge makes them Dates, as @authgear/web does with `new Date(…)`.
type Identity struct {
	Type                 string
	CreatedAt, UpdatedAt string
	// LoginIDKey and LoginIDType are set for login_id identities; LoginIDType is "" when absent.
	LoginIDKey, LoginIDType string
	// OAuthProviderType and OAuthProviderAlias are set for oauth identities.
	OAuthProviderType, OAuthProviderAlias string
}

// Authenticator is one entry of Authgear's authenticators claim; Type and Kind are values
// of @authgear/web's AuthenticatorType and AuthenticatorKind ("unknown" when not known).
type Authenticator struct {
	Type, Kind           string
	CreatedAt, UpdatedAt string
}

// The enumeration values @authgear/web 6.0.0 knows; anything else decodes as "unknown".
var (
	identityTypes      = []string{"login_id", "oauth", "anonymous", "biometric", "passkey", "siwe", "ldap"}
	loginIDTypes       = []string{"email", "phone", "username"}
	authenticatorTypes = []string{"password", "oob_otp_email", "oob_otp_sms", "totp", "passkey"}
	authenticatorKinds = []string{"primary", "secondary"}
)

func known(v any, values []string) string {
	s, _ := v.(string)
	for _, k := range values {
		if s == k {
			return s
		}
	}
	return "unknown"
}

func parseIdentities(claim any) []Identity {
	list, ok := claim.([]any)
	if !ok {
		return nil
	}
	out := make([]Identity, 0, len(list))
	for _, item := range list {
		obj, _ := item.(map[string]any)
		id := Identity{
			Type:      known(obj["type"], identityTypes),
			CreatedAt: stringField(obj, "created_at"),
			UpdatedAt: stringField(obj, "updated_at"),
		}
		switch id.Type {
		case "login_id":
			id.LoginIDKey = stringField(obj, "login_id_key")
			if obj["login_id_type"] != nil {
				id.LoginIDType = known(obj["login_id_type"], loginIDTypes)
			}
		case "oauth":
			id.OAuthProviderType = stringField(obj, "oauth_provider_type")
			id.OAuthProviderAlias = stringField(obj, "oauth_provider_alias")
		}
		out = append(out, id)
	}
	return out
}

func parseAuthenticators(claim any) []Authenticator {
	list, ok := claim.([]any)
	if !ok {
		return nil
	}
	out := make([]Authenticator, 0, len(list))
	for _, item := range list {
		obj, _ := item.(map[string]any)
		out = append(out, Authenticator{
			Type:      known(obj["type"], authenticatorTypes),
			Kind:      known(obj["kind"], authenticatorKinds),
			CreatedAt: stringField(obj, "created_at"),
			UpdatedAt: stringField(obj, "updated_at"),
		})
	}
	return out
}
