package backend_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/backend"
)

// TestMiddleware_StripsClientAuthgearHeaders: x-authgear-* headers are what
// Authgear's resolver answers (and what a gateway in front of a handler
// sets); a client that sends its own must not reach the handler with them,
// in either mode. Other headers pass untouched.
func TestMiddleware_StripsClientAuthgearHeaders(t *testing.T) {
	f := newFakeResolver(t)
	key := newRSAKey(t, "rsa-1")
	iss := newTestIssuer(t, key)
	modes := []struct {
		name  string
		mw    func(http.Handler) http.Handler
		authz string
	}{
		{"resolver", backend.NewResolver(f.srv.URL).Middleware, "Bearer good"},
		{"JWT", newVerifier(t, iss.srv.URL).Middleware, "Bearer " + sign(t, key, iss.claims())},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			var seen http.Header
			srv := httptest.NewServer(m.mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = r.Header.Clone()
			})))
			defer srv.Close()
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/api", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", m.authz)
			req.Header.Set("X-Authgear-User-Id", "admin")
			req.Header.Set("X-Authgear-Session-Valid", "true")
			req.Header.Add("x-authgear-user-roles", "root")
			req.Header["x-AUTHGEAR-user-anonymous"] = []string{"false"} // sent as written
			req.Header.Set("X-Authgear", "no dash after: kept")
			req.Header.Set("X-Request-Id", "r-1")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || seen == nil {
				t.Fatalf("status %d; handler ran: %v", resp.StatusCode, seen != nil)
			}
			for name := range seen {
				if strings.HasPrefix(strings.ToLower(name), "x-authgear-") {
					t.Errorf("the handler saw the client's %s: %q", name, seen[name])
				}
			}
			if seen.Get("X-Request-Id") != "r-1" || seen.Get("X-Authgear") == "" || seen.Get("Authorization") != m.authz {
				t.Errorf("other headers changed: %v", seen)
			}
		})
	}
}
