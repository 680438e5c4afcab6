package sdk

import "strings"

// discoveryEndpoints are the URL members of the metadata the SDK may send a request or
// the browser to; required ones must be present (OIDC Discovery 1.0 §3).
var discoveryEndpoints = []struct {
	field    string
	required bool
}{
	{"authorization_endpoint", true},
	{"token_endpoint", true},
	{"userinfo_endpoint", false},
	{"revocation_endpoint", false},
	{"end_session_endpoint", false},
	{"jwks_uri", false},
}

// checkDiscovery refuses a discovery document before any of its URLs is used: every
// endpoint an absolute https URL (plain http only on loopback, as for the endpoint
// itself), no credentials in it, the issuer exactly the configured endpoint (OIDC
// Discovery 1.0 §4.3; a trailing slash aside), and the endpoints a login needs present.
// A javascript: authorization_endpoint would otherwise run script in the app's origin
// when the SDK navigates, and a foreign issuer would get the user's tokens.
func checkDiscovery(urls URLParser, cfg *config, obj map[string]any) error {
	issuer, _ := obj["issuer"].(string)
	if issuer == "" {
		return refuseDiscovery("it has no issuer")
	}
	if strings.TrimSuffix(issuer, "/") != cfg.Endpoint {
		return refuseDiscovery("its issuer " + issuer + " is not the configured endpoint " + cfg.Endpoint)
	}
	for _, ep := range discoveryEndpoints {
		raw, present := obj[ep.field]
		s, isString := raw.(string)
		switch {
		case !present || (isString && s == ""):
			if ep.required {
				return refuseDiscovery("it has no " + ep.field)
			}
			continue
		case !isString:
			return refuseDiscovery(ep.field + " is not a string")
		}
		u, err := urls.Parse(s, "")
		if err != nil || !isSecureOrLoopback(u) || u.Username != "" || u.Password != "" {
			return refuseDiscovery(ep.field + " must be an absolute https URL (http only on loopback), got " + safePrefix(s))
		}
	}
	return nil
}

// refuseDiscovery is the error of a refused document.
func refuseDiscovery(why string) error {
	return wrapError(ErrInvalidDiscovery, why)
}

// safePrefix shortens a provider-chosen string for an error message.
func safePrefix(s string) string {
	const max = 80
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}
