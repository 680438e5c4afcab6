package e2e

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// The interoperability fixture: oidc-provider from npm (e2e/interop/, pinned in its
// package-lock.json), an independent OpenID-certified provider. Each test starts its own
// on a port it chooses, next to a demo app that knows it only by clientID and endpoint.
const (
	interopClientID = "wasmgear-interop"
	// interopResource is the demo API's resource indicator (RFC 8707 §2): the provider
	// issues RFC 9068 JWT access tokens for it, which backend's verifier checks.
	interopResource = "https://api.interop.test"
)

// interopFixture is one running oidc-provider process.
type interopFixture struct {
	t      *testing.T
	port   int
	env    []string
	issuer string

	mu     sync.Mutex // guards the fields below
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has exited
	out    *bytes.Buffer
}

// startInterop starts the provider and the demo app (app's own fields, such as
// APIClockSkew, kept); the app's origin is fixed first, because the provider registers
// its "/" as the client's redirect URI. fixtureEnv adds settings of server.mjs, such as
// "INTEROP_DPOP_NONCE=required".
func startInterop(t *testing.T, accessTokenTTL time.Duration, app devserver.Config, fixtureEnv ...string) (*devserver.Server, *interopFixture) {
	t.Helper()
	dir := filepath.Join(repoRoot, "e2e", "interop")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "oidc-provider")); err != nil {
		t.Fatal("e2e/interop is not installed: run `make test` (it runs npm ci there)")
	}
	appAddr := freeLoopbackAddr(t)
	port := freePort(t)
	f := &interopFixture{t: t, port: port, issuer: "http://127.0.0.1:" + strconv.Itoa(port)}
	f.env = append(os.Environ(),
		"INTEROP_PORT="+strconv.Itoa(port),
		"INTEROP_APP_ORIGIN=http://"+appAddr,
		"INTEROP_CLIENT_ID="+interopClientID,
		"INTEROP_RESOURCE="+interopResource,
		"INTEROP_AT_TTL="+strconv.Itoa(int(accessTokenTTL/time.Second)),
	)
	f.env = append(f.env, fixtureEnv...)
	f.start()
	t.Cleanup(f.stop)
	app.AppAddr, app.Provider, app.ClientID, app.APIAudience = appAddr, f.issuer, interopClientID, interopResource
	srv := startApp(t, app)
	return srv, f
}

// start runs node server.mjs and waits until its discovery document answers. After a
// stop, it starts a new process on the same port: a new signing key, and every grant of
// the old one gone.
func (f *interopFixture) start() {
	f.t.Helper()
	cmd := exec.Command("node", "server.mjs")
	cmd.Dir = filepath.Join(repoRoot, "e2e", "interop")
	cmd.Env = f.env
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = lockedWriter{&f.mu, out}, lockedWriter{&f.mu, out}
	if err := cmd.Start(); err != nil {
		f.t.Fatalf("interop fixture: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	f.mu.Lock()
	f.cmd, f.exited, f.out = cmd, exited, out
	f.mu.Unlock()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(f.issuer + "/.well-known/openid-configuration")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-exited:
			f.t.Fatalf("interop fixture exited: %s", f.output())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("interop fixture did not answer within 20 s: %s", f.output())
		}
	}
}

// stop ends the process (SIGTERM, then SIGKILL) and logs its output.
func (f *interopFixture) stop() {
	f.mu.Lock()
	cmd, exited := f.cmd, f.exited
	f.cmd = nil
	f.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
	f.t.Logf("interop fixture output:\n%s", f.output())
}

func (f *interopFixture) output() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.out == nil {
		return ""
	}
	return f.out.String()
}

// lockedWriter lets the process's two output streams share one buffer.
type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// freePort asks the kernel for a free loopback port and releases it for the fixture.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// freeLoopbackAddr is freePort as a listen address.
func freeLoopbackAddr(t *testing.T) string {
	return "127.0.0.1:" + strconv.Itoa(freePort(t))
}

// events counts the fixture's event lines that start with words, such as
// "grant.success refresh_token": what the provider saw, not what the page believes.
func (f *interopFixture) events(words string) int {
	n := 0
	for _, line := range strings.Split(f.output(), "\n") {
		if line == "event "+words || strings.HasPrefix(line, "event "+words+" ") {
			n++
		}
	}
	return n
}

// refreshGrants is how many refresh_token grants the provider answered with tokens.
func (f *interopFixture) refreshGrants() int { return f.events("grant.success refresh_token") }

// post sends a form to one of the provider's endpoints (a path under its issuer), as
// another client of the same provider would, and returns the status and the "error".
func (f *interopFixture) post(path string, form url.Values) (int, string) {
	f.t.Helper()
	resp, err := http.PostForm(f.issuer+path, form)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Error string `json:"error"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Error
}

// refreshWith spends a refresh token at the token endpoint; "" means it worked.
func (f *interopFixture) refreshWith(refreshToken string) string {
	f.t.Helper()
	status, oauthErr := f.post("/token", url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {refreshToken}, "client_id": {interopClientID}})
	if status == http.StatusOK {
		return ""
	}
	return oauthErr
}
