package sdk

import (
	"errors"
	"net/url"
	"strings"
)

// NetURLParser is URLParser over net/url with the WHATWG field conventions: the native
// tests' stand-in for the browser's URL (test-only; the external tests alias it).
type NetURLParser struct{}

func (NetURLParser) Parse(raw, base string) (*URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if base != "" {
		b, err := url.Parse(base)
		if err != nil {
			return nil, err
		}
		u = b.ResolveReference(u)
	}
	if !u.IsAbs() {
		return nil, errors.New("relative URL without a base")
	}
	out := &URL{Protocol: u.Scheme + ":", Hostname: u.Hostname(), Port: u.Port(), Pathname: u.EscapedPath(),
		Query: map[string]string{}}
	if strings.Contains(out.Hostname, ":") {
		out.Hostname = "[" + out.Hostname + "]"
	}
	if (u.Scheme == "http" && out.Port == "80") || (u.Scheme == "https" && out.Port == "443") {
		out.Port = ""
	}
	if u.User != nil {
		out.Username = u.User.Username()
		out.Password, _ = u.User.Password()
	}
	special := u.Scheme == "http" || u.Scheme == "https"
	if special && out.Pathname == "" {
		out.Pathname = "/"
	}
	if u.RawQuery != "" {
		out.Search = "?" + u.RawQuery
	}
	if u.Fragment != "" {
		out.Hash = "#" + u.EscapedFragment()
	}
	host := out.Hostname
	if out.Port != "" {
		host += ":" + out.Port
	}
	out.Origin = "null"
	if special {
		if host == "" {
			return nil, errors.New("missing host")
		}
		out.Origin = u.Scheme + "://" + host
	}
	userinfo := ""
	if u.User != nil {
		userinfo = u.User.String() + "@"
	}
	out.Href = u.Scheme + "://" + userinfo + host + out.Pathname + out.Search + out.Hash
	for k, v := range u.Query() {
		out.Query[k] = v[0]
	}
	return out, nil
}
