package upstream_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp/upstream"
)

const (
	verifier    = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	redirectURI = "http://127.0.0.1/callback"
)

type harness struct {
	t   *testing.T
	up  *upstream.Server
	srv *httptest.Server
	hc  *http.Client
}

func newHarness(t *testing.T) *harness {
	up, err := upstream.New(upstream.Config{Issuer: "http://placeholder", Clients: []upstream.Client{{ID: "idp", Secret: "s3cret", RedirectURIs: []string{redirectURI}}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(up)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &harness{t: t, up: up, srv: srv, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login runs the code flow for alice with the extra authorize parameters and returns the
// token response.
func (h *harness) login(extra url.Values) map[string]any {
	h.t.Helper()
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"client_id": {"idp"}, "redirect_uri": {redirectURI}, "response_type": {"code"}, "scope": {"profile"},
		"state": {"st"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	for k, v := range extra {
		q[k] = v
	}
	resp, err := h.hc.Get(h.srv.URL + "/authorize?" + q.Encode())
	if err != nil || resp.StatusCode != http.StatusOK {
		h.t.Fatalf("authorize: %v %v", resp, err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	id := between(string(page), `name="request" value="`, `"`)
	resp, err = h.hc.PostForm(h.srv.URL+"/authorize", url.Values{"request": {id}, "username": {"alice"}, "password": {"looking-glass"}, "action": {"login"}})
	if err != nil || resp.StatusCode != http.StatusFound {
		h.t.Fatalf("login: %v %v", resp, err)
	}
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if loc.Query().Get("state") != "st" {
		h.t.Fatalf("redirect %s lost the state", loc)
	}
	status, body := h.token(url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {redirectURI}, "code_verifier": {verifier}})
	if status != http.StatusOK {
		h.t.Fatalf("code exchange: %d %v", status, body)
	}
	return body
}

func (h *harness) token(form url.Values) (int, map[string]any) {
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("idp", "s3cret")
	resp, err := h.hc.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func (h *harness) me(token string) int {
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := h.hc.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestOfflineAccessDecidesTheRefreshToken(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name        string
		extra       url.Values
		wantRefresh bool
	}{
		{"online access", url.Values{}, false},
		{"offline, first consent", url.Values{"access_type": {"offline"}}, true},
		{"offline, consent already given", url.Values{"access_type": {"offline"}}, false},
		{"offline with prompt=consent", url.Values{"access_type": {"offline"}, "prompt": {"select_account consent"}}, true},
	}
	for _, tt := range tests {
		body := h.login(tt.extra)
		rt, _ := body["refresh_token"].(string)
		if (rt != "") != tt.wantRefresh || !strings.HasPrefix(body["access_token"].(string), upstream.AccessTokenPrefix) {
			t.Fatalf("%s: %v, want refresh token %v", tt.name, body, tt.wantRefresh)
		}
		if rt != "" && !strings.HasPrefix(rt, upstream.RefreshTokenPrefix) {
			t.Fatalf("%s: refresh token without its prefix", tt.name)
		}
		if h.me(body["access_token"].(string)) != http.StatusOK {
			t.Fatalf("%s: /v1/me refused the new access token", tt.name)
		}
	}
}

func TestRefreshRotatesAndReuseRevokes(t *testing.T) {
	h := newHarness(t)
	first := h.login(url.Values{"access_type": {"offline"}})["refresh_token"].(string)
	status, body := h.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first}})
	second, _ := body["refresh_token"].(string)
	if status != http.StatusOK || second == "" || second == first {
		t.Fatalf("refresh: %d %v, want a rotated refresh token", status, body)
	}
	if status, _ := h.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first}}); status != http.StatusBadRequest {
		t.Fatalf("spent token: %d, want invalid_grant", status)
	}
	if status, _ := h.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {second}}); status != http.StatusBadRequest {
		t.Fatalf("after reuse the grant must be revoked, got %d", status)
	}
	if n := h.up.Counts()["token:refresh_token"]; n != 3 {
		t.Fatalf("refresh counter %d, want 3", n)
	}
}

func TestRevokeAndExpire(t *testing.T) {
	h := newHarness(t)
	body := h.login(url.Values{"access_type": {"offline"}})
	if n := h.up.ExpireAccessTokens("alice"); n != 1 || h.me(body["access_token"].(string)) != http.StatusUnauthorized {
		t.Fatalf("expired %d tokens; /v1/me must refuse an expired token", n)
	}
	if n := h.up.RevokeRefreshTokens("alice"); n != 1 {
		t.Fatalf("revoked %d grants, want 1", n)
	}
	if status, _ := h.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {body["refresh_token"].(string)}}); status != http.StatusBadRequest {
		t.Fatalf("revoked refresh token: %d, want invalid_grant", status)
	}
	if h.me("uat.nope") != http.StatusUnauthorized || h.me("") != http.StatusUnauthorized {
		t.Fatal("/v1/me accepted a made-up token")
	}
}

func TestClientAuthenticationAndPKCE(t *testing.T) {
	h := newHarness(t)
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/token", strings.NewReader("grant_type=refresh_token&refresh_token=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("idp", "wrong")
	resp, err := h.hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong client secret: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = h.hc.Get(h.srv.URL + "/authorize?client_id=idp&redirect_uri=http://evil.example/cb&response_type=code")
	if err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("foreign redirect_uri: %v %v, want 400 without redirect", resp, err)
	}
	resp.Body.Close()
}

func between(s, start, end string) string {
	_, after, _ := strings.Cut(s, start)
	v, _, _ := strings.Cut(after, end)
	return v
}

func TestLifetimeAndRevocationEndpoint(t *testing.T) {
	h := newHarness(t)
	h.up.SetAccessTokenLifetime(90 * time.Second)
	body := h.login(url.Values{"access_type": {"offline"}})
	if body["expires_in"] != float64(90) {
		t.Fatalf("expires_in %v, want 90", body["expires_in"])
	}
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/revoke", strings.NewReader(url.Values{"token": {body["refresh_token"].(string)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("idp", "s3cret")
	resp, err := h.hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke: %v %v", resp, err)
	}
	resp.Body.Close()
	if status, _ := h.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {body["refresh_token"].(string)}}); status != http.StatusBadRequest {
		t.Fatalf("a revoked refresh token refreshed: %d", status)
	}
}

func TestAdminControls(t *testing.T) {
	h := newHarness(t)
	body := h.login(url.Values{"access_type": {"offline"}})
	post := func(path, json string) (int, string) {
		resp, err := h.hc.Post(h.srv.URL+path, "application/json", strings.NewReader(json))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b))
	}
	if status, got := post("/_admin/expire", `{"user":"alice"}`); status != 200 || got != `{"count":1}` || h.me(body["access_token"].(string)) != http.StatusUnauthorized {
		t.Fatalf("expire: %d %s", status, got)
	}
	if status, got := post("/_admin/revoke", `{"user":"alice"}`); status != 200 || got != `{"count":1}` {
		t.Fatalf("revoke: %d %s", status, got)
	}
	if status, _ := post("/_admin/revoke", `{"user":"nobody"}`); status != http.StatusBadRequest {
		t.Fatalf("unknown user: %d", status)
	}
}
