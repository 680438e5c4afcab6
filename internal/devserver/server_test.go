package devserver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestLoopbackAddr(t *testing.T) {
	tests := []struct {
		name, addr, want string
		wantErr          bool
	}{
		{name: "default", addr: "", want: "127.0.0.1:0"},
		{name: "ipv4 loopback", addr: "127.0.0.1:8080", want: "127.0.0.1:8080"},
		{name: "other 127/8", addr: "127.0.0.2:0", want: "127.0.0.2:0"},
		{name: "localhost", addr: "localhost:0", want: "127.0.0.1:0"},
		{name: "ipv6 loopback", addr: "[::1]:0", want: "[::1]:0"},
		{name: "all interfaces", addr: ":8080", wantErr: true},
		{name: "unspecified", addr: "0.0.0.0:8080", wantErr: true},
		{name: "public", addr: "192.0.2.1:80", wantErr: true},
		{name: "host name", addr: "example.com:80", wantErr: true},
		{name: "no port", addr: "127.0.0.1", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loopbackAddr(tt.addr)
			if tt.wantErr {
				if !errors.Is(err, ErrInvalidConfig) {
					t.Errorf("loopbackAddr(%q) = %q, %v; want ErrInvalidConfig", tt.addr, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("loopbackAddr(%q) = %q, %v; want %q", tt.addr, got, err, tt.want)
			}
		})
	}
}

func TestStart_InvalidConfig(t *testing.T) {
	root := writeRoot(t)
	tests := []struct {
		name string
		cfg  Config
	}{
		{name: "no root", cfg: Config{}},
		{name: "root missing", cfg: Config{Root: root + "/nope"}},
		{name: "root is a file", cfg: Config{Root: root + "/index.html"}},
		{name: "public app address", cfg: Config{Root: root, AppAddr: "0.0.0.0:0"}},
		{name: "public idp address", cfg: Config{Root: root, IdPAddr: ":0"}},
		{name: "negative lifetime", cfg: Config{Root: root, AccessTokenLifetime: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Start(context.Background(), tt.cfg)
			if !errors.Is(err, ErrInvalidConfig) {
				if s != nil {
					s.Close()
				}
				t.Fatalf("Start = %v, want ErrInvalidConfig", err)
			}
		})
	}
}

func TestStart_AddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, tt := range []struct {
		name string
		cfg  Config
	}{
		{name: "app", cfg: Config{Root: writeRoot(t), AppAddr: ln.Addr().String()}},
		{name: "idp", cfg: Config{Root: writeRoot(t), IdPAddr: ln.Addr().String()}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Start(context.Background(), tt.cfg)
			if !errors.Is(err, syscall.EADDRINUSE) {
				if s != nil {
					s.Close()
				}
				t.Fatalf("Start = %v, want EADDRINUSE", err)
			}
		})
	}
}

func TestServer_URLs(t *testing.T) {
	s := startServer(t, func(c *Config) { c.AppAddr = "localhost:0" })
	for _, u := range []string{s.AppURL, s.IdPURL} {
		if !strings.HasPrefix(u, "http://127.0.0.1:") || strings.HasSuffix(u, "/") {
			t.Errorf("URL %q, want http://127.0.0.1:PORT", u)
		}
	}
	// The provider is served at IdPURL with that issuer, and lets the app origin in (CORS).
	resp, body := httpDo(t, http.MethodGet, s.IdPURL+"/.well-known/openid-configuration", nil,
		map[string]string{"Origin": s.AppURL})
	if resp.StatusCode != 200 || !strings.Contains(body, `"issuer":"`+s.IdPURL+`"`) {
		t.Errorf("discovery = %d %s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != s.AppURL {
		t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, s.AppURL)
	}
	if err := s.Close(); err != nil {
		t.Errorf("first Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestResolverMode_Revocation(t *testing.T) {
	s := startServer(t, func(c *Config) { c.ResolverMode = true })
	used := login(t, s, "alice", "wonderland")
	unused := login(t, s, "alice", "wonderland") // a second grant, never shown to the API
	resp, body := httpDo(t, http.MethodGet, s.AppURL+"/api/me", nil, map[string]string{"Authorization": "Bearer " + used})
	if resp.StatusCode != 200 || !strings.Contains(body, `"mode":"resolver"`) || !strings.Contains(body, `"roles":["admin","reader"]`) {
		t.Fatalf("before revocation: %d %s", resp.StatusCode, body)
	}
	if n := s.IdP.RevokeUserSessions("alice"); n < 2 {
		t.Fatalf("RevokeUserSessions = %d, want at least the two grants", n)
	}
	resp, body = httpDo(t, http.MethodGet, s.AppURL+"/api/me", nil, map[string]string{"Authorization": "Bearer " + unused})
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") != `Bearer error="invalid_token"` {
		t.Errorf("after revocation: %d %q %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
	}
	resp, _ = httpDo(t, http.MethodGet, s.AppURL+"/api/me", nil, nil)
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") != "Bearer" {
		t.Errorf("without credential: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
}

func TestAPIRequests_RecordsAndLogsNoToken(t *testing.T) {
	var logs logLines
	s := startServer(t, func(c *Config) { c.Logf = logs.logf })
	token := login(t, s, "alice", "wonderland")
	s.ResetAPIRequests()
	httpDo(t, http.MethodGet, s.AppURL+"/api/me", nil, nil)
	httpDo(t, http.MethodPost, s.AppURL+"/api/echo?q=1", strings.NewReader("x"),
		map[string]string{"Authorization": "Bearer " + token, "Cookie": "a=b"})
	httpDo(t, http.MethodGet, s.AppURL+"/", nil, nil) // not an API request
	want := []APIRequest{
		{Method: "GET", Path: "/api/me"},
		{Method: "POST", Path: "/api/echo", Authorization: "Bearer " + token, Cookie: true},
	}
	got := s.APIRequests()
	if !slices.Equal(got, want) {
		t.Errorf("APIRequests = %+v, want %+v", got, want)
	}
	got[0].Method = "changed"
	if s.APIRequests()[0].Method != "GET" {
		t.Error("APIRequests returned the recorder's own slice")
	}
	waitFor(t, "the request log", func() bool {
		return slices.ContainsFunc(logs.snapshot(), func(l string) bool { return strings.HasPrefix(l, "app GET / 200 ") })
	})
	for _, line := range logs.snapshot() {
		if strings.Contains(line, token) || strings.Contains(line, "code=") || strings.Contains(line, "a=b") {
			t.Errorf("log line leaks a credential: %q", line)
		}
	}
	if !slices.ContainsFunc(logs.snapshot(), func(l string) bool { return strings.HasPrefix(l, "app POST /api/echo 200 ") }) {
		t.Errorf("no log line for the echo request in %q", logs.snapshot())
	}
	if !slices.ContainsFunc(logs.snapshot(), func(l string) bool { return strings.HasPrefix(l, "idp POST /oauth2/token 200 ") }) {
		t.Errorf("no log line for the token request in %q", logs.snapshot())
	}
}
