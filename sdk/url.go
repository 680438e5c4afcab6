package sdk

import "strings"

// URL is a parsed URL, with the fields of the WHATWG URL interface the SDK decides on.
type URL struct {
	Href     string
	Protocol string // with the colon: "https:"
	Username string
	Password string
	Hostname string // IPv6 in brackets, as WHATWG serialises it: "[::1]"
	Port     string // "" for the scheme's default port
	Pathname string
	Search   string // with the "?", or ""
	Hash     string // with the "#", or ""
	Origin   string // RFC 6454 serialisation, "null" for opaque origins
	Query    map[string]string
}

// URLParser parses raw, resolved against base when base is not empty. The browser's own
// WHATWG parser is injected (jsbridge), so the origin the SDK checks before attaching a
// token is exactly the origin fetch() will contact: no parser differential. It also keeps
// net/url (45 KB compressed) out of the WebAssembly module.
type URLParser interface {
	Parse(raw, base string) (*URL, error)
}

// isLoopbackHost names the hosts where plain http cannot be observed by a network
// attacker: localhost, [::1] and 127.0.0.0/8 (RFC 8252 §8.3, RFC 1122 §3.2.1.3). The
// hostname is the WHATWG parser's, so an IPv4 address is already in dotted-decimal form.
func isLoopbackHost(hostname string) bool {
	if hostname == "localhost" || hostname == "[::1]" {
		return true
	}
	rest, ok := strings.CutPrefix(hostname, "127.")
	if !ok {
		return false
	}
	for i := 0; i < 3; i++ { // three more octets, cut in place: every fetch() to loopback asks
		part, after, more := strings.Cut(rest, ".")
		if more != (i < 2) || !isDecimalOctet(part) {
			return false
		}
		rest = after
	}
	return true
}

// isDecimalOctet reports whether s is 0 to 255 in decimal, without leading zeros.
func isDecimalOctet(s string) bool {
	if s == "" || len(s) > 3 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n <= 255
}

// isSecureOrLoopback allows https anywhere and http only on loopback hosts (RFC 6749 §3.1,
// §10.9: tokens over plain http elsewhere are readable on the wire).
func isSecureOrLoopback(u *URL) bool {
	return u.Protocol == "https:" || (u.Protocol == "http:" && isLoopbackHost(u.Hostname))
}

// encodeQuery serialises pairs as application/x-www-form-urlencoded (URL Standard §5.2),
// in the given order, for authorize URLs and token request bodies.
func encodeQuery(pairs ...[2]string) string {
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		percentEncode(&b, p[0])
		b.WriteByte('=')
		percentEncode(&b, p[1])
	}
	return b.String()
}

// percentEncode keeps RFC 3986 unreserved characters and escapes every other byte.
func percentEncode(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}
