package sdk

import (
	"strings"
	"sync"
)

// pageOrigin is the page's origin, read from the address bar once: a document's origin
// never changes (history.pushState cannot change it), and every fetch() decision needs it.
type pageOrigin struct {
	mu    sync.Mutex // guards value
	value string
}

// origin returns the page's origin; a failed read is not kept, so it is tried again.
func (p *pageOrigin) origin(urls URLParser, nav Navigator) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.value != "" {
		return p.value, true
	}
	location := nav.Location()
	page, ok := serializedOrigin(location)
	if !ok {
		var err error
		if page, err = urls.Parse(location, ""); err != nil || page.Origin == "" {
			return "", false
		}
	}
	p.value = page.Origin
	return p.value, true
}

// serializedOrigin reads the origin out of a URL the browser has already parsed and
// serialized (Request.url, location.href), without asking the parser again: the token
// decision of every fetch() needs only the scheme, host and port, and one more WHATWG
// parse costs dozens of calls across the WebAssembly boundary. It accepts only the exact
// shape the URL Standard's serializer writes for http and https (§4.5: lower-case scheme
// and host, no default port, a path that starts with "/"); anything else — another
// scheme, upper case, an odd host — reports ok false and goes to the real parser, so the
// shortcut cannot disagree with the browser about where a request goes.
func serializedOrigin(raw string) (u *URL, ok bool) {
	var protocol, rest string
	switch {
	case strings.HasPrefix(raw, "https://"):
		protocol, rest = "https:", raw[len("https://"):]
	case strings.HasPrefix(raw, "http://"):
		protocol, rest = "http:", raw[len("http://"):]
	default:
		return nil, false
	}
	end := strings.IndexByte(rest, '/')
	if end < 0 {
		return nil, false
	}
	authority := rest[:end]
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		authority = authority[at+1:] // userinfo is not part of the origin
	}
	host, port := authority, ""
	if i := strings.LastIndexByte(authority, ':'); i >= 0 && !strings.HasSuffix(authority, "]") {
		host, port = authority[:i], authority[i+1:]
		if !validPort(port, protocol) {
			return nil, false
		}
	}
	if !validHost(host) {
		return nil, false
	}
	return &URL{Protocol: protocol, Hostname: host, Port: port, Origin: protocol + "//" + authority}, true
}

// validHost accepts a serialized domain or IPv4 address (lower-case letters, digits,
// '-' and '.', as the host serializer writes an ASCII host) or a bracketed IPv6 address.
func validHost(h string) bool {
	if n := len(h); n > 2 && h[0] == '[' && h[n-1] == ']' {
		return strings.Trim(h[1:n-1], "0123456789abcdef:.") == ""
	}
	return h != "" && strings.Trim(h, "abcdefghijklmnopqrstuvwxyz0123456789-.") == ""
}

// validPort accepts what the serializer writes: digits, no leading zero, never the
// scheme's default port (which it omits).
func validPort(p, protocol string) bool {
	return p != "" && len(p) <= 5 && p[0] != '0' && strings.Trim(p, "0123456789") == "" &&
		!(protocol == "http:" && p == "80" || protocol == "https:" && p == "443")
}
