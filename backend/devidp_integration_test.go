package backend_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/backend"
	"github.com/wasmgear/wasmgear/devidp"
)

// These tests run the package against the real development provider instead of
// hand-made keys and headers: the tokens come out of a full authorization code flow.

const (
	idpAppOrigin = "http://app.test"
	idpRedirect  = idpAppOrigin + "/callback"
	aliceSub     = "7b0f3c5e-a11c-4e00-9d2a-000000000a11"
)

var idpRequestIDRE = regexp.MustCompile(`name="request" value="([^"]+)"`)

// devIdP is a devidp.Server served by httptest at its own Issuer.
type devIdP struct {
	*devidp.Server
	url string
	srv *httptest.Server
}

func startDevIdP(t *testing.T) *devIdP {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	idp, err := devidp.New(devidp.Config{Issuer: issuer, AllowedOrigins: []string{idpAppOrigin}})
	if err != nil {
		srv.Listener.Close()
		t.Fatalf("devidp.New: %v", err)
	}
	srv.Config.Handler = idp
	srv.Start()
	t.Cleanup(srv.Close)
	return &devIdP{Server: idp, url: issuer, srv: srv}
}

// idpTokens is what a sign-in leaves behind: the access token and the IdP session cookie.
type idpTokens struct {
	access string
	cookie *http.Cookie
}

// signIn runs the authorization code flow with PKCE S256 (RFC 6749 §4.1, RFC 7636 §4)
// as a browser would: authorize, the login form, the redirect, the token request.
func (p *devIdP) signIn(t *testing.T, username, password string) idpTokens {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	verifier := rand.Text() + rand.Text()
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"client_id": {"demo"}, "redirect_uri": {idpRedirect}, "response_type": {"code"},
		"scope": {"openid offline_access"}, "code_challenge_method": {"S256"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}}
	resp := idpDo(t, c, http.MethodGet, p.url+"/oauth2/authorize?"+q.Encode(), nil)
	m := idpRequestIDRE.FindStringSubmatch(idpBody(t, resp))
	if m == nil {
		t.Fatal("no login form")
	}
	resp = idpDo(t, c, http.MethodPost, p.url+"/oauth2/authorize", url.Values{
		"request": {m[1]}, "username": {username}, "password": {password}, "action": {"login"}})
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("login answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp = idpDo(t, c, http.MethodPost, p.url+"/oauth2/token", url.Values{
		"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {idpRedirect}, "client_id": {"demo"}, "code_verifier": {verifier}})
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(idpBody(t, resp)), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token response: %v", err)
	}
	u, _ := url.Parse(p.url)
	var cookie *http.Cookie
	for _, ck := range jar.Cookies(u) {
		if ck.Name == devidp.DefaultCookieName {
			cookie = ck
		}
	}
	return idpTokens{access: tok.AccessToken, cookie: cookie}
}

func idpDo(t *testing.T, c *http.Client, method, u string, form url.Values) *http.Response {
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

func idpBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v: %s", resp.StatusCode, err, b)
	}
	return string(b)
}

func newDevIdPVerifier(t *testing.T, p *devIdP, opts ...backend.JWTOption) *backend.JWTVerifier {
	t.Helper()
	v, err := backend.NewJWTVerifier(context.Background(), p.url, opts...)
	if err != nil {
		t.Fatalf("NewJWTVerifier: %v", err)
	}
	t.Cleanup(v.Close)
	return v
}

func TestDevIdP_JWTVerifier_CodeFlowToken(t *testing.T) {
	p := startDevIdP(t)
	v := newDevIdPVerifier(t, p)
	tok := p.signIn(t, "alice", "wonderland")

	u, err := v.Verify(context.Background(), tok.access)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if u.Sub != aliceSub || !slices.Equal(u.Roles, []string{"admin", "reader"}) || !u.IsVerified ||
		u.IsAnonymous || !u.CanReauthenticate || !slices.Equal(u.AMR, []string{"pwd"}) || u.AuthenticatedAt.IsZero() {
		t.Errorf("user = %+v", u)
	}
	rec, seen := serve(v.Middleware, bearerRequest("Bearer "+tok.access))
	checkAnswer(t, rec, seen, accepted, tok.access)
	if seen.Sub != aliceSub {
		t.Errorf("middleware user = %q, want alice", seen.Sub)
	}
}

func TestDevIdP_JWTVerifier_Expiry(t *testing.T) {
	p := startDevIdP(t)
	p.SetAccessTokenLifetime(time.Minute)
	var ahead atomic.Int64 // how far the verifier's clock runs ahead, in ns
	v := newDevIdPVerifier(t, p, backend.WithClock(func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }))
	token := p.signIn(t, "bob", "builder").access

	if _, err := v.Verify(context.Background(), token); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	ahead.Store(int64(time.Minute + backend.DefaultLeeway + time.Second))
	_, err := v.Verify(context.Background(), token)
	if !errors.Is(err, backend.ErrInvalidToken) || !errors.Is(err, jwt.ErrTokenExpired) {
		t.Fatalf("expired token: %v, want ErrInvalidToken and jwt.ErrTokenExpired", err)
	}
	rec, seen := serve(v.Middleware, bearerRequest("Bearer "+token))
	checkAnswer(t, rec, seen, invalidToken, token)
}

func TestDevIdP_JWTVerifier_KeyRotation(t *testing.T) {
	p := startDevIdP(t)
	v := newDevIdPVerifier(t, p, backend.WithRefreshInterval(0))
	before := p.signIn(t, "alice", "wonderland").access
	p.ResetCounts()
	if err := p.RotateSigningKey(); err != nil {
		t.Fatal(err)
	}
	after := p.signIn(t, "alice", "wonderland").access
	if kidOf(t, before) == kidOf(t, after) {
		t.Fatal("RotateSigningKey did not change the kid")
	}
	if _, err := v.Verify(context.Background(), after); err != nil {
		t.Fatalf("token signed with the new key: %v", err)
	}
	if _, err := v.Verify(context.Background(), before); err != nil {
		t.Fatalf("token signed with the old key: %v", err)
	}
	if n := p.Counts()["jwks"]; n != 1 {
		t.Errorf("JWK Set fetched %d times after the rotation, want 1 (the unknown kid)", n)
	}
}

// kidOf reads the kid header (RFC 7515 §4.1.4) of a compact JWS without checking it.
func kidOf(t *testing.T, token string) string {
	t.Helper()
	tok, _, err := jwt.NewParser().ParseUnverified(token, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := tok.Header["kid"].(string)
	return kid
}

func TestDevIdP_JWTVerifier_CraftedTokens(t *testing.T) {
	p := startDevIdP(t)
	v := newDevIdPVerifier(t, p)
	now := time.Now()
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": p.url, "aud": []string{p.url}, "sub": aliceSub,
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	}
	tests := []struct {
		name    string
		claims  jwt.MapClaims
		wantErr error // nil: accepted
	}{
		{name: "well-formed", claims: base()},
		{name: "wrong audience", claims: with(base(), "aud", []string{"https://other.example"}), wantErr: jwt.ErrTokenInvalidAudience},
		{name: "client id as audience", claims: with(base(), "aud", "demo"), wantErr: jwt.ErrTokenInvalidAudience},
		{name: "no audience", claims: with(base(), "aud", nil), wantErr: jwt.ErrTokenRequiredClaimMissing},
		{name: "wrong issuer", claims: with(base(), "iss", "https://evil.example"), wantErr: jwt.ErrTokenInvalidIssuer},
		{name: "issuer with trailing slash", claims: with(base(), "iss", p.url+"/"), wantErr: jwt.ErrTokenInvalidIssuer},
		{name: "no expiry", claims: with(base(), "exp", nil), wantErr: jwt.ErrTokenRequiredClaimMissing},
		{name: "expired", claims: with(base(), "exp", now.Add(-time.Hour).Unix()), wantErr: jwt.ErrTokenExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := p.SignAccessToken(tt.claims)
			if err != nil {
				t.Fatal(err)
			}
			_, err = v.Verify(context.Background(), token)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if !errors.Is(err, backend.ErrInvalidToken) || !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify = %v, want ErrInvalidToken wrapping %v", err, tt.wantErr)
			}
			rec, seen := serve(v.Middleware, bearerRequest("Bearer "+token))
			checkAnswer(t, rec, seen, invalidToken, token)
		})
	}
}

func TestDevIdP_Resolver_Revocation(t *testing.T) {
	p := startDevIdP(t)
	r := backend.NewResolver(p.url, backend.WithCacheTTL(0))
	tok := p.signIn(t, "alice", "wonderland")
	if tok.cookie == nil {
		t.Fatal("the sign-in left no IdP session cookie")
	}
	tests := []struct {
		name          string
		authz, cookie string
	}{
		{name: "bearer token", authz: "Bearer " + tok.access},
		{name: "session cookie", cookie: tok.cookie.String()},
	}
	for _, tt := range tests {
		t.Run(tt.name+" valid", func(t *testing.T) {
			rec, seen := serve(r.Middleware, resolverRequest(tt.authz, tt.cookie))
			checkAnswer(t, rec, seen, accepted, tok.access)
			if seen.Sub != aliceSub || !slices.Equal(seen.Roles, []string{"admin", "reader"}) ||
				!seen.IsVerified || seen.IsAnonymous || seen.Claims != nil {
				t.Errorf("user = %+v", seen)
			}
		})
	}
	if n := p.RevokeUserSessions("alice"); n == 0 {
		t.Fatal("RevokeUserSessions revoked nothing")
	}
	for _, tt := range tests {
		t.Run(tt.name+" revoked", func(t *testing.T) {
			_, err := r.Resolve(context.Background(), resolverRequest(tt.authz, tt.cookie))
			if !errors.Is(err, backend.ErrInvalidToken) {
				t.Errorf("Resolve = %v, want ErrInvalidToken", err)
			}
			rec, seen := serve(r.Middleware, resolverRequest(tt.authz, tt.cookie))
			checkAnswer(t, rec, seen, invalidToken, tok.access)
		})
	}
	t.Run("no credential", func(t *testing.T) {
		rec, seen := serve(r.Middleware, resolverRequest("", ""))
		checkAnswer(t, rec, seen, noCredential, "")
	})
}
