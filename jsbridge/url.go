//go:build js && wasm

package jsbridge

import (
	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// URLParser is sdk.URLParser over the WHATWG URL class: the parser fetch() itself uses.
type URLParser struct{}

// Parse implements sdk.URLParser; `new URL` throwing (a TypeError) becomes an error.
func (URLParser) Parse(raw, base string) (*sdk.URL, error) {
	ctor, err := safejs.Global().Get("URL")
	if err != nil {
		return nil, err
	}
	var u safejs.Value
	if base == "" {
		u, err = ctor.New(raw)
	} else {
		u, err = ctor.New(raw, base)
	}
	if err != nil {
		return nil, err
	}
	out := &sdk.URL{}
	fields := []struct {
		name string
		dst  *string
	}{
		{"href", &out.Href}, {"protocol", &out.Protocol}, {"username", &out.Username},
		{"password", &out.Password}, {"hostname", &out.Hostname}, {"port", &out.Port},
		{"pathname", &out.Pathname}, {"search", &out.Search}, {"hash", &out.Hash}, {"origin", &out.Origin},
	}
	for _, f := range fields {
		if *f.dst, err = stringProp(u, f.name); err != nil {
			return nil, err
		}
	}
	out.Query, err = firstParams(u)
	return out, err
}

// firstParams reads url.searchParams into a map of each name's first value, the value
// OAuth 2.0 defines when a parameter repeats (RFC 6749 §3.1: parameters MUST NOT repeat).
func firstParams(u safejs.Value) (map[string]string, error) {
	params, err := u.Get("searchParams")
	if err != nil {
		return nil, err
	}
	keys, err := safejs.Global().Get("Array")
	if err != nil {
		return nil, err
	}
	iter, err := params.Call("keys")
	if err != nil {
		return nil, err
	}
	names, err := keys.Call("from", iter)
	if err != nil {
		return nil, err
	}
	n, err := names.Length()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, n)
	for i := 0; i < n; i++ {
		nameVal, err := names.Index(i)
		if err != nil {
			return nil, err
		}
		name, _ := nameVal.String()
		if _, seen := out[name]; seen {
			continue
		}
		v, err := params.Call("get", name)
		if err != nil {
			return nil, err
		}
		out[name], _ = v.String()
	}
	return out, nil
}
