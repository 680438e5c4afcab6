package devserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSecretScanner_FindsSecretsOutsideTheirOneAnswer(t *testing.T) {
	refresh := "urt." + strings.Repeat("R", 43)
	key := "wgsk_ABCDEFGHIJKLMNOP." + strings.Repeat("k", 43)
	tests := []struct {
		name, origin, method, path, header, body string
		status                                   int
		leak                                     bool
	}{
		{"upstream token answer to devidp", "upstream", "POST", "/token", "", `{"refresh_token":"` + refresh + `"}`, 200, false},
		{"admin answer creating a key", "idp", "POST", "/_admin/access-keys", "", `{"accessKey":"` + key + `"}`, 201, false},
		{"vault answer with a refresh token", "idp", "GET", "/api/v1/users/me/credentials", "", `{"r":"` + refresh + `"}`, 200, true},
		{"key echoed in an error", "idp", "GET", "/v1/connections/c/users/u/credentials", "", `{"error":"` + key + `"}`, 403, true},
		{"refresh token in a Location header", "idp", "GET", "/oauth2/callback", "http://app/?rt=" + refresh, "", 302, true},
		{"upstream token error body", "upstream", "POST", "/token", "", `{"error":"` + refresh + `"}`, 400, true},
		{"an ordinary answer", "idp", "GET", "/oauth2/userinfo", "", `{"sub":"urt.short"}`, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &SecretScanner{}
			h := s.wrap(tt.origin, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tt.header != "" {
					w.Header().Set("Location", tt.header)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tt.method, tt.path, nil))
			if got := len(s.Findings()) > 0; got != tt.leak {
				t.Fatalf("leak found %v, want %v: %v", got, tt.leak, s.Findings())
			}
		})
	}
	s := &SecretScanner{}
	s.wrap("idp", http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x?key="+key, nil))
	s.logf(nil)("idp GET %s 200", refresh)
	if len(s.Findings()) != 2 {
		t.Fatalf("a key in a request URL and a token in a log line: %v", s.Findings())
	}
}
