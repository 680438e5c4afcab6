package sdk

import (
	"context"
	"errors"
)

// Request is one HTTP request of the protocol (discovery, token, userinfo, revocation).
type Request struct {
	Method string
	URL    string
	Header map[string]string
	Body   string
	// Credentials is the fetch credentials mode: "omit" for token-mode calls (the access
	// token is the credential), "include" in cookie mode, where the session cookie is.
	Credentials string
}

// Response is a complete HTTP response. Header keys are lower case.
type Response struct {
	Status int
	Header map[string]string
	Body   []byte
}

// Transport sends a Request (fetch in the browser). An error means the request did not
// complete — never an HTTP status — and becomes a NetworkError that keeps the session.
type Transport interface {
	Do(ctx context.Context, req *Request) (*Response, error)
}

// Crypto is the randomness and hashing PKCE needs (RFC 7636 §4.1, §4.2). The browser's
// crypto.getRandomValues and crypto.subtle.digest are injected, which keeps Go's crypto
// packages (about 100 KB compressed) out of the WebAssembly module.
type Crypto interface {
	RandomBytes(n int) ([]byte, error)
	SHA256(ctx context.Context, data []byte) ([]byte, error)
}

// Navigator is the page's address bar.
type Navigator interface {
	// Location is the page's current URL (the redirect URI after the provider's redirect).
	Location() string
	// Assign navigates away, to the authorization or end-session endpoint.
	Assign(url string) error
	// ReplaceURL rewrites the address bar without a navigation (history.replaceState),
	// so the one-time code is not left in history or bookmarks.
	ReplaceURL(url string) error
}

// Browser is what every container needs from the page it runs in. All of it is
// required: the core has no HTTP client, URL parser, randomness or address bar of its own.
type Browser struct {
	Transport Transport         // fetch
	URLs      URLParser         // the WHATWG URL parser
	Crypto    Crypto            // WebCrypto
	Navigator Navigator         // location and history
	Storage   Storage           // localStorage, or a fallback
	Verifier  SignatureVerifier // crypto.subtle.verify, for ID token signatures
}

// ErrMissingAdapter is a wiring mistake: a Browser field was nil.
var ErrMissingAdapter = errors.New("wasmgear: a browser adapter is missing")

func (b Browser) check() error {
	for _, a := range []struct {
		name    string
		missing bool
	}{{"Transport", b.Transport == nil}, {"URLs", b.URLs == nil}, {"Crypto", b.Crypto == nil},
		{"Navigator", b.Navigator == nil}, {"Storage", b.Storage == nil}, {"Verifier", b.Verifier == nil}} {
		if a.missing {
			return wrapError(ErrMissingAdapter, "Browser."+a.name+" is nil")
		}
	}
	return nil
}
