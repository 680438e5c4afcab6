package sdk

import "testing"

func TestTokenAllowed(t *testing.T) {
	t.Parallel()
	page := "https://app.example.com"
	tests := []struct {
		name       string
		target     URL
		apiOrigins []string
		want       bool
	}{
		{"same origin", URL{Protocol: "https:", Hostname: "app.example.com", Origin: page}, nil, true},
		{"other https origin by default", URL{Protocol: "https:", Hostname: "api.example.net", Origin: "https://api.example.net"}, nil, false},
		{"plain http elsewhere never", URL{Protocol: "http:", Hostname: "api.example.net", Origin: "http://api.example.net"}, nil, false},
		{"plain http elsewhere never, even listed", URL{Protocol: "http:", Hostname: "api.example.net", Origin: "http://api.example.net"}, []string{"http://api.example.net"}, false},
		{"http loopback same origin", URL{Protocol: "http:", Hostname: "127.0.0.1", Origin: "http://127.0.0.1:8080"}, nil, false},
		{"listed origin", URL{Protocol: "https:", Hostname: "api.example.net", Origin: "https://api.example.net"}, []string{"https://api.example.net"}, true},
		{"unlisted https origin with a list", URL{Protocol: "https:", Hostname: "evil.example", Origin: "https://evil.example"}, []string{"https://api.example.net"}, false},
		{"page origin kept with a list", URL{Protocol: "https:", Hostname: "app.example.com", Origin: page}, []string{"https://api.example.net"}, true},
		{"an empty list adds none", URL{Protocol: "https:", Hostname: "api.example.net", Origin: "https://api.example.net"}, []string{}, false},
		{"listed loopback http", URL{Protocol: "http:", Hostname: "[::1]", Origin: "http://[::1]:9"}, []string{"http://[::1]:9"}, true},
		{"data URL", URL{Protocol: "data:", Origin: "null"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokenAllowed(&tt.target, page, tt.apiOrigins); got != tt.want {
				t.Fatalf("tokenAllowed = %v, want %v", got, tt.want)
			}
		})
	}
	// An http page on loopback talking to itself is the development setup.
	if !tokenAllowed(&URL{Protocol: "http:", Hostname: "127.0.0.1", Origin: "http://127.0.0.1:8080"}, "http://127.0.0.1:8080", nil) {
		t.Fatal("loopback same-origin must get the token")
	}
}

func TestIsInvalidTokenChallenge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header string
		want   bool
	}{
		{`Bearer error="invalid_token"`, true},
		{`Bearer realm="api", error="invalid_token", error_description="expired"`, true},
		{`bearer error=invalid_token`, true},
		{`Bearer`, false},
		{`Bearer error="insufficient_scope"`, false},
		{`Basic realm="x"`, false},
		{``, false},
	}
	for _, tt := range tests {
		if got := isInvalidTokenChallenge(tt.header); got != tt.want {
			t.Errorf("isInvalidTokenChallenge(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{"localhost": true, "[::1]": true, "127.0.0.1": true, "127.1.2.3": true,
		"127.255.255.255": true, "127.0.0.256": false, "127.0.0": false, "127.0.0.01": false, "128.0.0.1": false,
		"127.0.0.1.evil.example": false, "localhost.evil.example": false, "[::2]": false, "": false} {
		if got := isLoopbackHost(host); got != want {
			t.Errorf("isLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
