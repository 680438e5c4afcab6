package devserver

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Files of the temporary Root every test serves.
var (
	indexHTML = "<!doctype html><title>demo</title>\n"
	wasmBytes = "\x00asm\x01\x00\x00\x00"
	wasmBr    = "brotli-bytes-of-x.wasm"
	appJS     = "console.log('app');\n"
	appJSGz   = "gzip-bytes-of-app.js"
	pageHTML  = "<!doctype html><title>page</title>\n"
)

// writeRoot makes a Root with index.html, web/dist/{x.wasm,x.wasm.br,app.js,app.js.gz},
// e2e/pages/x.html and .git/config.
func writeRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"index.html":            indexHTML,
		"web/dist/x.wasm":       wasmBytes,
		"web/dist/x.wasm.br":    wasmBr,
		"web/dist/app.js":       appJS,
		"web/dist/app.js.gz":    appJSGz,
		"e2e/pages/x.html":      pageHTML,
		".git/config":           "[core]\n",
		"web/dist/data.unknown": "plain",
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// startServer starts a devserver on port 0 over a fresh Root.
func startServer(t *testing.T, mutate ...func(*Config)) *Server {
	t.Helper()
	cfg := Config{Root: writeRoot(t)}
	for _, m := range mutate {
		m(&cfg)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := Start(ctx, cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// httpDo sends a request with extra headers through a client without cookies.
func httpDo(t *testing.T, method, u string, body io.Reader, headers map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", u, err)
	}
	return resp, string(b)
}

var requestIDRE = regexp.MustCompile(`name="request" value="([^"]+)"`)

// login runs the authorization code flow with PKCE S256 (RFC 7636 §4) against the
// server's provider, as a browser would, and returns the access token.
func login(t *testing.T, s *Server, username, password string) string {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	verifier := rand.Text() + rand.Text() // 52 base32 characters, RFC 7636 §4.1
	sum := sha256.Sum256([]byte(verifier))
	redirectURI := s.AppURL + "/callback"
	q := url.Values{"client_id": {s.ClientID}, "redirect_uri": {redirectURI}, "response_type": {"code"},
		"scope": {"openid offline_access"}, "state": {"st"}, "code_challenge_method": {"S256"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}}
	form := readAll(t, client, http.MethodGet, s.IdPURL+"/oauth2/authorize?"+q.Encode(), nil)
	m := requestIDRE.FindStringSubmatch(form)
	if m == nil {
		t.Fatalf("no login form in %q", form)
	}
	resp := send(t, client, http.MethodPost, s.IdPURL+"/oauth2/authorize", url.Values{
		"request": {m[1]}, "username": {username}, "password": {password}, "action": {"login"}})
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("login answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	tokenBody := readAll(t, client, http.MethodPost, s.IdPURL+"/oauth2/token", url.Values{
		"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {redirectURI}, "client_id": {s.ClientID}, "code_verifier": {verifier}})
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(tokenBody), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token response %q: %v", tokenBody, err)
	}
	return tok.AccessToken
}

// send makes a request with an optional form body.
func send(t *testing.T, c *http.Client, method, u string, form url.Values) *http.Response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	return resp
}

// readAll makes a request and returns its body, failing on a non-200 answer.
func readAll(t *testing.T, c *http.Client, method, u string, form url.Values) string {
	t.Helper()
	resp := send(t, c, method, u, form)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: status %d, %v: %s", method, u, resp.StatusCode, err, b)
	}
	return string(b)
}

// logLines collects Logf output from the server goroutines.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logLines) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		case <-tick.C:
		}
	}
}
