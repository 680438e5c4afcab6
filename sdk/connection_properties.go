package sdk

// ConnectionProperties are passed through to the upstream provider's authorize request
// when startAuthentication names a connection (oauthProviderAlias): Authress's
// connectionProperties. The keys are the upstream's own parameter names, so a provider's
// documentation (Google's access_type=offline, prompt=consent) applies as written; the
// provider sends each as x_connection_<name> and passes only these on.
type ConnectionProperties struct {
	// Scope is the upstream scope (RFC 6749 §3.3), space-separated.
	Scope string
	// AccessType is "online" or "offline"; "offline" asks for an upstream refresh token,
	// which the credential vault needs to renew the upstream access token.
	AccessType string
	// Prompt is the upstream prompt, e.g. "select_account consent"; Google issues a
	// refresh token again only with consent.
	Prompt string
	// LoginHint is the upstream login_hint.
	LoginHint string
}

// validate rejects an access type the upstream would refuse anyway, before navigating.
func (p ConnectionProperties) validate() error {
	if p.AccessType != "" && p.AccessType != "online" && p.AccessType != "offline" {
		return InvalidOptions(`startAuthentication: connectionProperties.access_type must be "online" or "offline"`)
	}
	return nil
}

// appendConnectionProperties adds the properties as x_connection_* parameters.
func appendConnectionProperties(q [][2]string, p ConnectionProperties) [][2]string {
	q = appendIfSet(q, "x_connection_scope", p.Scope)
	q = appendIfSet(q, "x_connection_access_type", p.AccessType)
	q = appendIfSet(q, "x_connection_prompt", p.Prompt)
	return appendIfSet(q, "x_connection_login_hint", p.LoginHint)
}
