package sdk

import (
	"strings"
	"sync/atomic"
)

// pageOrigin is the page's origin, read from the address bar once: a document's origin
// never changes (history.pushState cannot change it), and every fetch() decision needs it.
// An atomic, not a mutex: the quick fetch() decision runs inside the app's JS call and
// must never wait, and two first reads at once find the same origin.
type pageOrigin struct{ value atomic.Pointer[string] }

// origin returns the page's origin; a failed read is not kept, so it is tried again.
func (p *pageOrigin) origin(urls URLParser, nav Navigator) (string, bool) {
	if v := p.value.Load(); v != nil {
		return *v, true
	}
	location := nav.Location()
	origin := ""
	if page, ok := serializedOrigin(location); ok {
		origin = page.Origin
	} else if parsed, err := urls.Parse(location, ""); err == nil {
		origin = parsed.Origin
	}
	if origin == "" {
		return "", false
	}
	p.value.Store(&origin)
	return origin, true
}

// serializedOrigin reads the origin out of a URL the browser has already parsed and
// serialized (Request.url, location.href), without asking the parser again: the token
// decision of every fetch() needs only the scheme, host and port, and one more WHATWG
// parse costs dozens of calls across the WebAssembly boundary. It accepts only the exact
// shape the URL Standard's serializer writes for http and https (§4.5: lower-case scheme
// and host, no default port, a path that starts with "/"); anything else — another
// scheme, upper case, an odd host — reports ok false and goes to the real parser, so the
// shortcut cannot disagree with the browser about where a request goes. The URL is a
// value, not a pointer: every fetch() asks, and the caller's copy needs no allocation.
func serializedOrigin(raw string) (u URL, ok bool) {
	var protocol, rest string
	switch {
	case strings.HasPrefix(raw, "https://"):
		protocol, rest = "https:", raw[len("https://"):]
	case strings.HasPrefix(raw, "http://"):
		protocol, rest = "http:", raw[len("http://"):]
	default:
		return URL{}, false
	}
	end := strings.IndexByte(rest, '/')
	if end < 0 {
		return URL{}, false
	}
	authority := rest[:end]
	origin := raw[:len(raw)-len(rest)+end] // scheme://authority, a slice of raw: no allocation per request
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		authority = authority[at+1:] // userinfo is not part of the origin
		origin = protocol + "//" + authority
	}
	host, port := authority, ""
	if i := strings.LastIndexByte(authority, ':'); i >= 0 && !strings.HasSuffix(authority, "]") {
		host, port = authority[:i], authority[i+1:]
		if !validPort(port, protocol) {
			return URL{}, false
		}
	}
	if !validHost(host) {
		return URL{}, false
	}
	return URL{Protocol: protocol, Hostname: host, Port: port, Origin: origin}, true
}

// validHost accepts a serialized domain or IPv4 address (lower-case letters, digits,
// '-' and '.', as the host serializer writes an ASCII host) or a bracketed IPv6 address.
func validHost(h string) bool {
	if n := len(h); n > 2 && h[0] == '[' && h[n-1] == ']' {
		return onlyBytes(h[1:n-1], func(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || c == ':' || c == '.' })
	}
	return h != "" && onlyBytes(h, func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' })
}

// onlyBytes reports whether every byte of s is allowed (strings.Trim with a cutset built
// its set anew on every call).
func onlyBytes(s string, allowed func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !allowed(s[i]) {
			return false
		}
	}
	return true
}

// validPort accepts what the serializer writes: digits, no leading zero, never the
// scheme's default port (which it omits).
func validPort(p, protocol string) bool {
	return p != "" && len(p) <= 5 && p[0] != '0' && onlyBytes(p, func(c byte) bool { return '0' <= c && c <= '9' }) &&
		!(protocol == "http:" && p == "80" || protocol == "https:" && p == "443")
}
