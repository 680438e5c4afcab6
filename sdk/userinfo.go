package sdk

// Authgear's user claims (https://docs.authgear.com, "UserInfo").
const (
	claimIsAnonymous       = "https://authgear.com/claims/user/is_anonymous"
	claimIsVerified        = "https://authgear.com/claims/user/is_verified"
	claimCanReauthenticate = "https://authgear.com/claims/user/can_reauthenticate"
	claimRoles             = "https://authgear.com/claims/user/roles"
	claimCustomAttributes  = "custom_attributes"
)

// UserInfo is the UserInfo response (OIDC Core §5.3.2) with Authgear's claims read out.
// Raw holds the whole decoded response; the bridge gives it the shape of Authgear's web SDK.
type UserInfo struct {
	Sub               string
	IsAnonymous       bool
	IsVerified        bool
	CanReauthenticate bool
	Roles             []string
	CustomAttributes  map[string]any
	// Raw is the decoded JSON: map[string]any, []any, string, float64, bool and nil only.
	Raw map[string]any
}

// parseUserInfo reads a decoded UserInfo response; sub is required (OIDC Core §5.3.2).
func parseUserInfo(raw map[string]any) (*UserInfo, bool) {
	u := &UserInfo{Sub: stringField(raw, "sub"), Raw: raw, CustomAttributes: map[string]any{}}
	if u.Sub == "" {
		return nil, false
	}
	u.IsAnonymous, _ = raw[claimIsAnonymous].(bool)
	u.IsVerified, _ = raw[claimIsVerified].(bool)
	u.CanReauthenticate, _ = raw[claimCanReauthenticate].(bool)
	if roles, ok := raw[claimRoles].([]any); ok {
		for _, r := range roles {
			if s, ok := r.(string); ok {
				u.Roles = append(u.Roles, s)
			}
		}
	}
	if attrs, ok := raw[claimCustomAttributes].(map[string]any); ok {
		u.CustomAttributes = attrs
	}
	return u, true
}
