package backend_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/backend"
	"github.com/wasmgear/wasmgear/devidp/upstream"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

const bobSub = "2d6e9a41-b0b0-4e00-8c1f-000000000b0b"

// startVaultStack runs devidp with its upstream connection, every response scanned for
// leaked refresh tokens and access keys, and signs alice in through the upstream with
// offline access; then she signs out.
func startVaultStack(t *testing.T) *devserver.Server {
	t.Helper()
	secrets := &devserver.SecretScanner{}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := devserver.Start(ctx, devserver.Config{Root: t.TempDir(), Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = srv.Close()
		if f := secrets.Findings(); len(f) > 0 || secrets.Scanned() == 0 {
			t.Errorf("secrets leaked (%d scanned): %v", secrets.Scanned(), f)
		}
	})
	signInThroughUpstream(t, srv, "offline")
	if srv.IdP.RevokeUserSessions("alice") == 0 {
		t.Fatal("alice had no session to sign out of")
	}
	return srv
}

// signInThroughUpstream drives the browser's redirects with a plain HTTP client.
func signInThroughUpstream(t *testing.T, srv *devserver.Server, accessType string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sum := sha256.Sum256([]byte("a-verifier-of-at-least-forty-three-characters-long"))
	q := url.Values{"client_id": {srv.ClientID}, "redirect_uri": {srv.AppURL + "/"}, "response_type": {"code"},
		"scope": {"openid offline_access"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"}, "x_oauth_provider_alias": {devserver.UpstreamConnection},
		"x_connection_access_type": {accessType}}
	next := srv.IdPURL + "/oauth2/authorize?" + q.Encode()
	resp := mustDo(t, hc, http.MethodGet, next, nil) // → upstream authorize
	resp = mustDo(t, hc, http.MethodGet, resp.Header.Get("Location"), nil)
	page, _ := io.ReadAll(resp.Body)
	m := idpRequestIDRE.FindStringSubmatch(string(page))
	if m == nil {
		t.Fatalf("no upstream login form: %s", page)
	}
	resp = mustDo(t, hc, http.MethodPost, srv.UpstreamURL+"/authorize", url.Values{"request": {m[1]},
		"username": {"alice"}, "password": {"looking-glass"}, "action": {"login"}})
	resp = mustDo(t, hc, http.MethodGet, resp.Header.Get("Location"), nil) // devidp callback
	if back, _ := url.Parse(resp.Header.Get("Location")); back == nil || back.Query().Get("code") == "" {
		t.Fatalf("no code back at the app: %s", resp.Header.Get("Location"))
	}
}

func mustDo(t *testing.T, hc *http.Client, method, u string, form url.Values) *http.Response {
	t.Helper()
	var resp *http.Response
	var err error
	if form != nil {
		resp, err = hc.PostForm(u, form)
	} else {
		resp, err = hc.Get(u)
	}
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestServiceClient_Permissions(t *testing.T) {
	srv := startVaultStack(t)
	key := func(perms ...string) string {
		_, k, err := srv.IdP.CreateAccessKey("reports", perms)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	exact := key("Connections/upstream/Users/" + aliceSub + "/Credentials")
	wildcard := key("Connections/*/Users/*/Credentials")
	other := key("Connections/google/Users/*/Credentials")
	bobOnly := key("Connections/upstream/Users/" + bobSub + "/Credentials")
	revokedDesc, revoked, _ := srv.IdP.CreateAccessKey("old", []string{"Connections/*/Users/*/Credentials"})
	srv.IdP.RevokeAccessKey(revokedDesc.ID)

	tests := []struct {
		name, key, connection, user string
		want                        error
	}{
		{"allowed, user signed out", exact, "upstream", aliceSub, nil},
		{"wildcard", wildcard, "upstream", aliceSub, nil},
		{"permission for another connection", other, "upstream", aliceSub, backend.ErrPermissionDenied},
		{"permission for another user", bobOnly, "upstream", aliceSub, backend.ErrPermissionDenied},
		{"wrong connection, allowed by wildcard", wildcard, "google", aliceSub, backend.ErrCredentialsNotFound},
		{"unknown user", wildcard, "upstream", "no-such-user", backend.ErrCredentialsNotFound},
		{"user who never signed in through it", wildcard, "upstream", bobSub, backend.ErrCredentialsNotFound},
		{"revoked key", revoked, "upstream", aliceSub, backend.ErrAccessKeyRejected},
		{"made-up key", devidpKeyLike(), "upstream", aliceSub, backend.ErrAccessKeyRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := backend.NewServiceClient(srv.IdPURL, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.ConnectionCredentials(context.Background(), tt.connection, tt.user)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if tt.want != nil {
				var ve *backend.VaultError
				if !errors.As(err, &ve) || strings.Contains(err.Error(), tt.key) {
					t.Fatalf("want a *VaultError without the key, got %T %v", err, err)
				}
				return
			}
			if !strings.HasPrefix(got.AccessToken, upstream.AccessTokenPrefix) || time.Until(got.ExpiresAt) < 30*time.Minute {
				t.Fatalf("credentials %+v", got)
			}
			if status := upstreamMe(t, srv, got.AccessToken); status != http.StatusOK {
				t.Fatalf("upstream /v1/me with the token: %d", status)
			}
		})
	}
}

func TestServiceClient_RefreshesADueTokenAndAsksForConsentWhenRevoked(t *testing.T) {
	srv := startVaultStack(t)
	_, k, _ := srv.IdP.CreateAccessKey("sync", []string{"Connections/upstream/Users/*/Credentials"})
	c, _ := backend.NewServiceClient(srv.IdPURL, k)
	before, err := c.ConnectionCredentials(context.Background(), "upstream", aliceSub)
	if err != nil {
		t.Fatal(err)
	}
	srv.Upstream.ExpireAccessTokens("alice")
	srv.IdP.ExpireConnectionCredentials("alice", "upstream")
	after, err := c.ConnectionCredentials(context.Background(), "upstream", aliceSub)
	if err != nil || after.AccessToken == before.AccessToken || srv.Upstream.Counts()["token:refresh_token"] != 1 {
		t.Fatalf("due token: %v, refreshes %d", err, srv.Upstream.Counts()["token:refresh_token"])
	}
	if upstreamMe(t, srv, before.AccessToken) != http.StatusUnauthorized || upstreamMe(t, srv, after.AccessToken) != http.StatusOK {
		t.Fatal("the upstream must refuse the old token and accept the refreshed one")
	}
	srv.Upstream.RevokeRefreshTokens("alice")
	srv.IdP.ExpireConnectionCredentials("alice", "upstream")
	if _, err := c.ConnectionCredentials(context.Background(), "upstream", aliceSub); !errors.Is(err, backend.ErrConsentRequired) {
		t.Fatalf("revoked upstream refresh token: %v, want ErrConsentRequired", err)
	}
}

func TestServiceClient_String(t *testing.T) {
	c, err := backend.NewServiceClient("http://127.0.0.1:1", "wgsk_secret.secret")
	if err != nil || strings.Contains(c.String(), "secret") {
		t.Fatalf("%v %v", c, err)
	}
	if _, err := backend.NewServiceClient("not a url", "k"); err == nil {
		t.Fatal("a relative endpoint was accepted")
	}
}

func devidpKeyLike() string { return "wgsk_AAAAAAAAAAAAAAAA." + strings.Repeat("x", 43) }

func upstreamMe(t *testing.T, srv *devserver.Server, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.UpstreamURL+"/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
