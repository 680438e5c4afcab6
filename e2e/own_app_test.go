package e2e

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestOwnApp_AgainstTheDevProvider is the README's "Your own app against the dev
// provider": an app on its own origin, allowed as http://127.0.0.1:PORT (what
// -allow-origin passes) but opened as http://localhost:PORT, serves the README's script-tag
// example with its own /api/me. The login completes and the app's API gets the access token.
func TestOwnApp_AgainstTheDevProvider(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	srv := startApp(t, devserver.Config{AllowedOrigins: []string{"http://127.0.0.1:" + strconv.Itoa(port)}})

	root := t.TempDir()
	copyScriptTagBuild(t, filepath.Join(repoRoot, "web", "dist"), filepath.Join(root, "vendor", "wasmgear"))
	page := "<!doctype html>\n<title>my app</title>\n" + readmePlaceholders(srv).Replace(readmeScriptTag(t))
	if err := os.WriteFile(filepath.Join(root, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var authorization []string
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(root)))
	mux.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		authorization = append(authorization, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	app := httptest.NewUnstartedServer(mux)
	app.Listener.Close()
	app.Listener = ln
	app.Start()
	t.Cleanup(app.Close)

	own := "http://localhost:" + strconv.Itoa(port)
	tb := openTab(t, newBrowserContext(t), own+"/")
	fillLoginForm(t, tb, own, "alice", "wonderland")
	tb.waitForPage(own, `window.authgear && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	waitUntil(t, "the own app's /api/me", func() bool { mu.Lock(); defer mu.Unlock(); return len(authorization) > 0 })
	mu.Lock()
	defer mu.Unlock()
	if !strings.HasPrefix(authorization[0], "DPoP ") {
		t.Errorf("the own app's API got Authorization %q, want the (DPoP-bound) token", shorten(authorization[0]))
	}
}
