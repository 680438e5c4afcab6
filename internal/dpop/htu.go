package dpop

import (
	"net/url"
	"strings"
)

// normalizeURL reduces an absolute http(s) URL to the form RFC 9449 §4.3 item 9 compares:
// query and fragment dropped, and the syntax-based normalization of RFC 3986 §6.2.2 and
// scheme-based of §6.2.3 (lower-case scheme and host, default port removed, empty path
// as "/"). It reports false for anything else.
func normalizeURL(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.User != nil || u.Host == "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" && !(scheme == "http" && port == "80") && !(scheme == "https" && port == "443") {
		host += ":" + port
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return scheme + "://" + host + path, true
}
