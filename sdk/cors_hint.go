package sdk

// corsHint says what to check when a request to another origin fails without an
// answer. Browsers report a CORS refusal with the same opaque TypeError ("Failed to
// fetch") as an unreachable host, on purpose, so the SDK cannot tell the two apart; it
// can tell that the request was cross-origin, and name the origin the provider must allow.
type corsHint struct {
	urls URLParser
	nav  Navigator
}

// forURL returns the hint for a failed request to rawURL, or "" for a same-origin one.
func (h corsHint) forURL(rawURL string) string {
	if h.urls == nil || h.nav == nil {
		return ""
	}
	page, err := h.urls.Parse(h.nav.Location(), "")
	if err != nil || page.Origin == "" || page.Origin == "null" {
		return ""
	}
	target, err := h.urls.Parse(rawURL, "")
	if err != nil || target.Origin == page.Origin {
		return ""
	}
	return "if " + target.Origin + " is up, check the provider's CORS settings for " + page.Origin
}
