package devidp

import (
	"net/http"
	"testing"
)

// An app allowed under one loopback name is allowed under the others (same scheme and
// port): CORS answers it and the authorize endpoint accepts its redirect_uri.
func TestLoopbackNamesAreOneOrigin(t *testing.T) {
	for _, tt := range []struct {
		allowed, used string
		want          bool
	}{
		{"http://127.0.0.1:5173", "http://localhost:5173", true},
		{"http://localhost:5173", "http://127.0.0.1:5173", true},
		{"http://localhost:5173", "http://[::1]:5173", true},
		{"http://LocalHost:5173", "http://localhost:5173", true},
		{"http://127.0.0.1:5173", "http://localhost:5174", false},
		{"http://127.0.0.1:5173", "https://localhost:5173", false},
		{"http://127.0.0.1:5173", "http://localhost.example:5173", false},
	} {
		t.Run(tt.allowed+" used as "+tt.used, func(t *testing.T) {
			h := newHarness(t, func(c *Config) { c.AllowedOrigins = []string{tt.allowed} })
			req, _ := http.NewRequest(http.MethodOptions, h.srv.URL+"/oauth2/token", nil)
			req.Header.Set("Origin", tt.used)
			got := h.do(req).Header.Get("Access-Control-Allow-Origin")
			if (got == tt.used) != tt.want {
				t.Errorf("CORS Access-Control-Allow-Origin = %q, allowed %v, want %v", got, got == tt.used, tt.want)
			}
			_, challenge := pkcePair()
			resp := h.get("/oauth2/authorize", authorizeParams(challenge, map[string]string{"redirect_uri": tt.used + "/callback"}))
			if (resp.StatusCode == http.StatusOK) != tt.want {
				t.Errorf("authorize with redirect_uri on %s answered %d, want the form: %v", tt.used, resp.StatusCode, tt.want)
			}
		})
	}
}
