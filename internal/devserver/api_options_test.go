package devserver

import (
	"net/http"
	"testing"
	"time"
)

// meStatus is the demo API's answer to GET /api/me with a bearer token.
func meStatus(t *testing.T, s *Server, token string) (int, string) {
	t.Helper()
	resp, _ := httpDo(t, http.MethodGet, s.AppURL+"/api/me", nil, map[string]string{"Authorization": "Bearer " + token})
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate")
}

func TestResolverCacheTTL(t *testing.T) {
	tests := []struct {
		name string
		ttl  time.Duration
		// wantAfterRevoke is the status of the same token right after revocation: a cached
		// answer keeps it accepted, no cache refuses it at once.
		wantAfterRevoke int
	}{
		{name: "default cache", ttl: 0, wantAfterRevoke: http.StatusOK},
		{name: "explicit ttl", ttl: time.Minute, wantAfterRevoke: http.StatusOK},
		{name: "no cache", ttl: NoResolverCache, wantAfterRevoke: http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, func(c *Config) { c.ResolverMode = true; c.ResolverCacheTTL = tt.ttl })
			token := login(t, s, "alice", "wonderland")
			if status, _ := meStatus(t, s, token); status != http.StatusOK {
				t.Fatalf("before revocation: %d", status)
			}
			s.IdP.RevokeUserSessions("alice")
			status, challenge := meStatus(t, s, token)
			if status != tt.wantAfterRevoke {
				t.Fatalf("after revocation: %d %q, want %d", status, challenge, tt.wantAfterRevoke)
			}
			if status == http.StatusUnauthorized && challenge != `Bearer error="invalid_token"` {
				t.Fatalf("challenge %q", challenge)
			}
		})
	}
}

func TestAPIClockSkew(t *testing.T) {
	tests := []struct {
		name string
		skew time.Duration
		want int
	}{
		{name: "in step", skew: 0, want: http.StatusOK},
		// Past the token's 60 s lifetime plus the 30 s default leeway.
		{name: "api clock far ahead", skew: 2 * time.Minute, want: http.StatusUnauthorized},
		// Behind by less than the token's lifetime: iat is within the leeway.
		{name: "api clock slightly behind", skew: -10 * time.Second, want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, func(c *Config) { c.APIClockSkew = tt.skew; c.AccessTokenLifetime = time.Minute })
			token := login(t, s, "alice", "wonderland")
			status, challenge := meStatus(t, s, token)
			if status != tt.want {
				t.Fatalf("GET /api/me: %d %q, want %d", status, challenge, tt.want)
			}
			if status == http.StatusUnauthorized && challenge != `Bearer error="invalid_token"` {
				t.Fatalf("challenge %q", challenge)
			}
		})
	}
}
