package devserver

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStatic_Routes(t *testing.T) {
	s := startServer(t)
	tests := []struct {
		name           string
		method, path   string
		acceptEncoding string
		wantStatus     int
		wantType       string
		wantEncoding   string
		wantVary       bool
		wantBody       string
	}{
		{name: "root is index.html", path: "/", wantStatus: 200, wantType: "text/html; charset=utf-8", wantBody: indexHTML},
		{name: "index.html by name", path: "/index.html", wantStatus: 200, wantType: "text/html; charset=utf-8", wantBody: indexHTML},
		{name: "wasm without encoding", path: "/web/dist/x.wasm", wantStatus: 200, wantType: "application/wasm", wantVary: true, wantBody: wasmBytes},
		{name: "wasm brotli", path: "/web/dist/x.wasm", acceptEncoding: "gzip, deflate, br, zstd", wantStatus: 200,
			wantType: "application/wasm", wantEncoding: "br", wantVary: true, wantBody: wasmBr},
		{name: "wasm br refused with q=0", path: "/web/dist/x.wasm", acceptEncoding: "br;q=0, gzip", wantStatus: 200,
			wantType: "application/wasm", wantVary: true, wantBody: wasmBytes},
		{name: "js gzip", path: "/web/dist/app.js", acceptEncoding: "gzip", wantStatus: 200,
			wantType: "text/javascript; charset=utf-8", wantEncoding: "gzip", wantVary: true, wantBody: appJSGz},
		{name: "js gzip by wildcard", path: "/web/dist/app.js", acceptEncoding: "*", wantStatus: 200,
			wantType: "text/javascript; charset=utf-8", wantEncoding: "gzip", wantVary: true, wantBody: appJSGz},
		{name: "js only br accepted", path: "/web/dist/app.js", acceptEncoding: "br", wantStatus: 200,
			wantType: "text/javascript; charset=utf-8", wantVary: true, wantBody: appJS},
		{name: "precompressed file itself", path: "/web/dist/x.wasm.br", wantStatus: 200, wantBody: wasmBr},
		{name: "other page under root", path: "/e2e/pages/x.html", wantStatus: 200, wantType: "text/html; charset=utf-8", wantBody: pageHTML},
		{name: "missing file", path: "/web/dist/nope.js", wantStatus: 404},
		{name: "directory without index", path: "/web/dist/", wantStatus: 404},
		{name: "directory name", path: "/web/dist", wantStatus: 404},
		{name: "hidden directory", path: "/.git/config", wantStatus: 404},
		{name: "post refused", method: http.MethodPost, path: "/", wantStatus: 405},
		{name: "head", method: http.MethodHead, path: "/web/dist/x.wasm", wantStatus: 200, wantType: "application/wasm", wantVary: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			// An explicit Accept-Encoding also stops the client's transparent gzip.
			ae := tt.acceptEncoding
			if ae == "" {
				ae = "identity"
			}
			resp, body := httpDo(t, method, s.AppURL+tt.path, nil, map[string]string{"Accept-Encoding": ae})
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %q)", resp.StatusCode, tt.wantStatus, body)
			}
			if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", got)
			}
			if tt.wantStatus != 200 {
				return
			}
			if tt.wantType != "" && resp.Header.Get("Content-Type") != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", resp.Header.Get("Content-Type"), tt.wantType)
			}
			if got := resp.Header.Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.wantEncoding)
			}
			if got := resp.Header.Get("Vary") == "Accept-Encoding"; got != tt.wantVary {
				t.Errorf("Vary = %q, want Accept-Encoding: %v", resp.Header.Get("Vary"), tt.wantVary)
			}
			if method == http.MethodGet && body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
		})
	}
}

func TestStatic_Traversal(t *testing.T) {
	outside := t.TempDir()
	const secret = "top-secret-outside-root"
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, func(c *Config) {
		if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(c.Root, "link.txt")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(c.Root, "web", "outdir")); err != nil {
			t.Fatal(err)
		}
	})
	rel, err := filepath.Rel(s.static.root.Name(), filepath.Join(outside, "secret.txt"))
	if err != nil {
		t.Fatal(err)
	}
	rel = filepath.ToSlash(rel)
	tests := []struct{ name, path string }{
		{name: "dot-dot", path: "/" + rel},
		{name: "dot-dot under dist", path: "/web/dist/../../" + rel},
		{name: "encoded dot-dot", path: "/" + strings.ReplaceAll(rel, "..", "%2e%2e")},
		{name: "encoded slashes", path: "/web/dist/..%2f..%2f" + strings.ReplaceAll(rel, "/", "%2f")},
		{name: "symlink to a file outside", path: "/link.txt"},
		{name: "symlink to a directory outside", path: "/web/outdir/secret.txt"},
		{name: "absolute path", path: "/" + filepath.ToSlash(filepath.Join(outside, "secret.txt"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := httpDo(t, http.MethodGet, s.AppURL+tt.path, nil, nil)
			if resp.StatusCode == http.StatusOK || strings.Contains(body, secret) {
				t.Fatalf("GET %s = %d %q, want the file outside Root refused", tt.path, resp.StatusCode, body)
			}
			// The handler alone, without ServeMux's cleaning and redirects.
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path, _ = url.PathUnescape(tt.path)
			rec := httptest.NewRecorder()
			s.static.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), secret) {
				t.Fatalf("handler %s = %d %q, want 404", req.URL.Path, rec.Code, rec.Body.String())
			}
		})
	}
}

func TestDemoConfigJS(t *testing.T) {
	tests := []struct {
		name     string
		resolver bool
		wantMode string
	}{
		{name: "jwt", wantMode: "jwt"},
		{name: "resolver", resolver: true, wantMode: "resolver"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, func(c *Config) { c.ResolverMode = tt.resolver; c.ClientID = "demo-client" })
			resp, body := httpDo(t, http.MethodGet, s.AppURL+"/demo-config.js", nil, nil)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
				t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			want := `window.wasmgearDemo = {"endpoint":"` + s.IdPURL + `","clientID":"demo-client","mode":"` + tt.wantMode + `","upstreamAPI":"` + s.UpstreamURL + `/v1/me"};` + "\n"
			if body != want {
				t.Errorf("body = %q, want %q", body, want)
			}
			if s.ClientID != "demo-client" || s.IdPURL == s.AppURL {
				t.Errorf("ClientID %q, AppURL %q, IdPURL %q", s.ClientID, s.AppURL, s.IdPURL)
			}
		})
	}
}

func TestAcceptsCoding(t *testing.T) {
	tests := []struct {
		name, header, coding string
		want                 bool
	}{
		{name: "empty", header: "", coding: "br", want: false},
		{name: "listed", header: "gzip, br", coding: "br", want: true},
		{name: "case-insensitive", header: "GZIP", coding: "gzip", want: true},
		{name: "q zero", header: "br;q=0", coding: "br", want: false},
		{name: "q zero with spaces", header: "br ; q=0.0", coding: "br", want: false},
		{name: "q positive", header: "br;q=0.5", coding: "br", want: true},
		{name: "wildcard", header: "*", coding: "br", want: true},
		{name: "explicit refusal beats wildcard", header: "*, br;q=0", coding: "br", want: false},
		{name: "other only", header: "gzip", coding: "br", want: false},
		{name: "prefix is not a match", header: "brotli", coding: "br", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := acceptsCoding(tt.header, tt.coding); got != tt.want {
				t.Errorf("acceptsCoding(%q, %q) = %v, want %v", tt.header, tt.coding, got, tt.want)
			}
		})
	}
}
