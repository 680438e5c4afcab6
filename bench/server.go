package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// server is everything the bench's pages talk to, on one 127.0.0.1 origin: the two SDKs'
// files, the pages, a minimal OpenID provider (discovery and the refresh_token grant,
// nothing else: neither SDK calls more while it is measured) and an API endpoint. It
// counts token requests per client_id, which is how the storm's two SDKs are told apart.
type server struct {
	origin    string
	expiresIn atomic.Int64 // expires_in of the next tokens, seconds

	mu     sync.Mutex // guards tokens
	tokens map[string]int
}

// sdkFiles says where each SDK's files are served from, and the script a page loads.
type sdkFiles struct {
	dir, prefix, script string
}

func startServer(files map[string]sdkFiles) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{origin: "http://" + ln.Addr().String(), tokens: map[string]int{}}
	s.expiresIn.Store(3600)
	mux := http.NewServeMux()
	for name, f := range files {
		mux.Handle(f.prefix, http.StripPrefix(f.prefix, immutable(f.dir, http.FileServer(http.Dir(f.dir)))))
		mux.HandleFunc("/"+name+".html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, _ = w.Write([]byte(page(name, f.prefix+f.script, r.URL.Query().Has("preload"))))
		})
	}
	mux.HandleFunc("/.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("/oauth2/token", s.token)
	mux.HandleFunc("/api/ping", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	go func() { _ = http.Serve(ln, mux) }()
	return s, nil
}

// immutable serves the SDK files as an app serves fingerprinted assets: compressed ahead
// of time (the .br or .gz beside the file, as the browser accepts) and cached for good,
// so a warm start takes them from the HTTP cache without asking. .wasm gets its type,
// which streaming compilation needs.
func immutable(dir string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("Vary", "Accept-Encoding")
		switch filepath.Ext(r.URL.Path) {
		case ".wasm":
			w.Header().Set("Content-Type", "application/wasm")
		case ".js":
			w.Header().Set("Content-Type", "text/javascript")
		}
		accepts := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ token, ext, name string }{{"br", ".br", "br"}, {"gzip", ".gz", "gzip"}} {
			if !strings.Contains(accepts, enc.token) {
				continue
			}
			if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.URL.Path)+enc.ext)); err == nil {
				w.Header().Set("Content-Encoding", enc.name)
				_, _ = w.Write(b)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

func (s *server) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{
		"issuer":                 s.origin,
		"authorization_endpoint": s.origin + "/oauth2/authorize",
		"token_endpoint":         s.origin + "/oauth2/token",
		"userinfo_endpoint":      s.origin + "/oauth2/userinfo",
		"revocation_endpoint":    s.origin + "/oauth2/revoke",
		"end_session_endpoint":   s.origin + "/oauth2/end_session",
		"jwks_uri":               s.origin + "/oauth2/jwks",
	})
}

// token answers the refresh_token grant with a new access token and no new refresh token
// (Authgear's default: refresh tokens do not rotate), so every page can share one.
func (s *server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil || r.PostForm.Get("grant_type") != "refresh_token" || r.PostForm.Get("refresh_token") == "" {
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, map[string]string{"error": "invalid_request"})
		return
	}
	s.mu.Lock()
	s.tokens[r.PostForm.Get("client_id")]++
	s.mu.Unlock()
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	writeJSON(w, map[string]any{"access_token": "at-" + hex.EncodeToString(b), "token_type": "Bearer", "expires_in": s.expiresIn.Load()})
}

// tokenRequests is how many token requests clientID has sent so far.
func (s *server) tokenRequests(clientID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens[clientID]
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(v)
}

// clientID is the client each SDK's pages configure with.
func clientID(sdk string) string { return "bench-" + strings.ReplaceAll(sdk, "/", "-") }
