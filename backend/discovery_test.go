package backend_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wasmgear/wasmgear/backend"
)

func TestNewJWTVerifier_Discovery(t *testing.T) {
	key := newRSAKey(t, "k")
	iss := newTestIssuer(t, key)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	// fake serves a discovery document whose fields are chosen by the case;
	// the issuer "self" stands for the fake's own URL.
	fake := func(t *testing.T, status int, issuer, jwksURI string) string {
		var srv *httptest.Server
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if status != http.StatusOK {
				w.WriteHeader(status)
				return
			}
			if issuer == "self" {
				issuer = srv.URL
			}
			writeTestJSON(w, map[string]string{"issuer": issuer, "jwks_uri": jwksURI})
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}

	tests := []struct {
		name     string
		endpoint func(t *testing.T) string
		ctx      context.Context
		wantErr  error // nil: success; errAny: any error
	}{
		{"ok", func(*testing.T) string { return iss.srv.URL }, context.Background(), nil},
		{"trailing slash", func(*testing.T) string { return iss.srv.URL + "/" }, context.Background(), nil},
		{"issuer is another host", func(t *testing.T) string {
			return fake(t, http.StatusOK, iss.srv.URL, iss.srv.URL+"/oauth2/jwks")
		}, context.Background(), backend.ErrDiscovery},
		{"discovery 500", func(t *testing.T) string { return fake(t, http.StatusInternalServerError, "", "") }, context.Background(), backend.ErrDiscovery},
		{"relative jwks_uri", func(t *testing.T) string { return fake(t, http.StatusOK, "self", "/jwks") }, context.Background(), backend.ErrDiscovery},
		{"no jwks_uri", func(t *testing.T) string { return fake(t, http.StatusOK, "self", "") }, context.Background(), backend.ErrDiscovery},
		{"no issuer", func(t *testing.T) string { return fake(t, http.StatusOK, "", iss.srv.URL+"/oauth2/jwks") }, context.Background(), backend.ErrDiscovery},
		{"unreachable", func(*testing.T) string { return "http://127.0.0.1:1" }, context.Background(), backend.ErrDiscovery},
		{"cancelled context", func(*testing.T) string { return iss.srv.URL }, cancelled, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := backend.NewJWTVerifier(tt.ctx, tt.endpoint(t))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("NewJWTVerifier: %v", err)
				}
				v.Close()
				return
			}
			if v != nil || !errors.Is(err, tt.wantErr) {
				t.Fatalf("got %v, %v; want errors.Is %v", v, err, tt.wantErr)
			}
		})
	}
}

func TestNewJWTVerifier_JWKSUnavailable(t *testing.T) {
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.well-known/openid-configuration" {
			writeTestJSON(w, map[string]string{"issuer": srvURL, "jwks_uri": srvURL + "/jwks"})
			return
		}
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	srvURL = srv.URL
	if v, err := backend.NewJWTVerifier(context.Background(), srv.URL); err == nil || v != nil {
		t.Fatalf("got %v, %v; want an error when the JWK Set cannot be fetched", v, err)
	}
}
