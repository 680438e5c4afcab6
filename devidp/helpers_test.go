package devidp

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	testOrigin   = "http://app.example:8080"
	testRedirect = testOrigin + "/callback"
)

// harness is one provider behind an httptest server and a browser-like client that keeps
// cookies and does not follow redirects.
type harness struct {
	t      *testing.T
	idp    *Server
	srv    *httptest.Server
	client *http.Client
}

func newHarness(t *testing.T, mutate ...func(*Config)) *harness {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	cfg := Config{Issuer: "http://" + srv.Listener.Addr().String(), AllowedOrigins: []string{testOrigin}}
	for _, m := range mutate {
		m(&cfg)
	}
	idp, err := New(cfg)
	if err != nil {
		srv.Listener.Close()
		t.Fatalf("New: %v", err)
	}
	srv.Config.Handler = idp
	srv.Start()
	t.Cleanup(srv.Close)
	return &harness{t: t, idp: idp, srv: srv, client: newBrowser(t)}
}

func newBrowser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// fakeClock is a settable clock for Config.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func pkcePair() (verifier, challenge string) {
	verifier = randomToken()
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorizeParams are a valid code-flow request; over replaces or (with "") deletes params.
func authorizeParams(challenge string, over map[string]string) url.Values {
	q := url.Values{"client_id": {"demo"}, "redirect_uri": {testRedirect}, "response_type": {"code"},
		"scope": {"openid offline_access"}, "state": {"st-1"}, "nonce": {"n-1"},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	for k, v := range over {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	return q
}

func (h *harness) do(req *http.Request) *http.Response {
	h.t.Helper()
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (h *harness) get(path string, q url.Values) *http.Response {
	h.t.Helper()
	u := h.srv.URL + path
	if q != nil {
		u += "?" + q.Encode()
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return h.do(req)
}

func (h *harness) postForm(path string, form url.Values) *http.Response {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return h.do(req)
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func decodeJSON(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("decode JSON (status %d): %v", resp.StatusCode, err)
	}
	return m
}

var requestIDRE = regexp.MustCompile(`name="request" value="([^"]+)"`)

// openForm GETs the authorize endpoint and returns the login form's pending-request id.
func (h *harness) openForm(q url.Values) string {
	h.t.Helper()
	resp := h.get("/oauth2/authorize", q)
	body := readBody(h.t, resp)
	m := requestIDRE.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		h.t.Fatalf("authorize: want the login form, got %d %s", resp.StatusCode, body)
	}
	return m[1]
}

func (h *harness) submit(requestID, username, password string) *http.Response {
	h.t.Helper()
	return h.postForm("/oauth2/authorize", url.Values{"request": {requestID},
		"username": {username}, "password": {password}, "action": {"login"}})
}

// location returns the parsed Location of a 302.
func location(t *testing.T, resp *http.Response) *url.URL {
	t.Helper()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("want 302, got %d: %s", resp.StatusCode, readBody(t, resp))
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// login signs in through the form and returns the redirect back to the app.
func (h *harness) login(q url.Values, username, password string) *url.URL {
	h.t.Helper()
	return location(h.t, h.submit(h.openForm(q), username, password))
}

// code runs the authorize step for username and returns a code and its verifier.
func (h *harness) code(username, password string) (code, verifier string) {
	h.t.Helper()
	verifier, challenge := pkcePair()
	loc := h.login(authorizeParams(challenge, nil), username, password)
	if loc.Query().Get("code") == "" {
		h.t.Fatalf("no code in %s", loc)
	}
	return loc.Query().Get("code"), verifier
}

func (h *harness) exchange(code, verifier string) (*http.Response, map[string]any) {
	h.t.Helper()
	resp := h.postForm("/oauth2/token", url.Values{"grant_type": {"authorization_code"},
		"code": {code}, "code_verifier": {verifier}, "redirect_uri": {testRedirect}, "client_id": {"demo"}})
	return resp, decodeJSON(h.t, resp)
}

// signIn runs the whole code flow and returns the token response.
func (h *harness) signIn(username, password string) map[string]any {
	h.t.Helper()
	resp, body := h.exchange(h.code(username, password))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("token: %d %v", resp.StatusCode, body)
	}
	return body
}

func (h *harness) refresh(rt string) (*http.Response, map[string]any) {
	h.t.Helper()
	resp := h.postForm("/oauth2/token", url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {rt}, "client_id": {"demo"}})
	return resp, decodeJSON(h.t, resp)
}

func (h *harness) withBearer(method, path, token string) *http.Response {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return h.do(req)
}

// jwks fetches the JWK Set and returns its RSA keys by kid.
func (h *harness) jwks() map[string]*rsa.PublicKey {
	h.t.Helper()
	resp := h.get("/oauth2/jwks", nil)
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		h.t.Fatal(err)
	}
	out := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		if k.Alg != "RS256" {
			continue // an ID-token key of another algorithm (SetIDTokenAlg)
		}
		if k.Kty != "RSA" || k.Use != "sig" {
			h.t.Fatalf("unexpected JWK %+v", k)
		}
		n, err1 := base64.RawURLEncoding.DecodeString(k.N)
		e, err2 := base64.RawURLEncoding.DecodeString(k.E)
		if err1 != nil || err2 != nil {
			h.t.Fatalf("JWK %s: bad base64url", k.Kid)
		}
		out[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	}
	return out
}

// verify checks a JWT against the JWKS the provider publishes and returns its claims.
func (h *harness) verify(raw string, opts ...jwt.ParserOption) jwt.MapClaims {
	h.t.Helper()
	keys := h.jwks()
	claims := jwt.MapClaims{}
	opts = append(opts, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(h.srv.URL))
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if k, ok := keys[kid]; ok {
			return k, nil
		}
		return nil, errUnknownKey
	}, opts...)
	if err != nil {
		h.t.Fatalf("verify JWT: %v", err)
	}
	return claims
}

// with returns a copy of the harness that reports to t (a subtest); fresh gives the copy
// its own browser, without the cookies of earlier subtests.
func (h *harness) with(t *testing.T, fresh bool) *harness {
	c := *h
	c.t = t
	if fresh {
		c.client = newBrowser(t)
	}
	return &c
}
