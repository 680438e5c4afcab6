package sdk

import "testing"

func TestSerializedOrigin(t *testing.T) {
	for _, tc := range []struct {
		raw, origin, hostname string
		ok                    bool
	}{
		{"https://api.example.com/v1?x=1", "https://api.example.com", "api.example.com", true},
		{"http://127.0.0.1:8080/api/me", "http://127.0.0.1:8080", "127.0.0.1", true},
		{"http://[::1]:3000/", "http://[::1]:3000", "[::1]", true},
		{"http://[::1]/", "http://[::1]", "[::1]", true},
		{"https://user:p%40ss@evil.example/x", "https://evil.example", "evil.example", true},
		{"https://a.example@b.example/", "https://b.example", "b.example", true},
		{"https://xn--bcher-kva.example/", "https://xn--bcher-kva.example", "xn--bcher-kva.example", true},
		// Not the serializer's shape: the real parser decides.
		{"https://API.example.com/", "", "", false},
		{"https://example.com:443/", "", "", false},
		{"http://example.com:80/", "", "", false},
		{"https://example.com:0443/", "", "", false},
		{"https://example.com", "", "", false},
		{"https://example.com:/", "", "", false},
		{"https:///path", "", "", false},
		{"blob:https://example.com/uuid", "", "", false},
		{"HTTPS://example.com/", "", "", false},
		{"https://exa mple.com/", "", "", false},
		{"https://[::1/", "", "", false},
		{"ftp://example.com/", "", "", false},
	} {
		u, ok := serializedOrigin(tc.raw)
		if ok != tc.ok {
			t.Errorf("%q: ok %v, want %v", tc.raw, ok, tc.ok)
			continue
		}
		if ok && (u.Origin != tc.origin || u.Hostname != tc.hostname) {
			t.Errorf("%q: origin %q hostname %q, want %q %q", tc.raw, u.Origin, u.Hostname, tc.origin, tc.hostname)
		}
	}
}
