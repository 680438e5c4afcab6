package devidp

import (
	"net/http"
	"testing"
	"time"
)

func TestConnectionCredentials(t *testing.T) {
	h := newHarness(t)
	alice := h.signIn("alice", "wonderland")["access_token"].(string)
	bob := h.with(t, true).signIn("bob", "builder")["access_token"].(string)
	path := func(c string) string { return "/api/v1/users/me/connections/" + c + "/credentials" }
	expires := time.Now().Add(time.Hour).Truncate(time.Second)
	h.idp.StoreConnectionCredentials("alice", "google", Credentials{AccessToken: "google-token", ExpiresAt: expires})
	h.idp.StoreConnectionCredentials("alice", "github", Credentials{AccessToken: "github-token", ExpiresAt: expires})

	first := decodeJSON(t, h.withBearer(http.MethodGet, path("google"), alice))
	if first["accessToken"] != "google-token" || first["expiresAt"] != expires.UTC().Format(time.RFC3339) {
		t.Fatalf("google credentials: %v", first)
	}
	tests := []struct {
		name, path, token string
		status            int
	}{
		{"another connection of the user", path("github"), alice, http.StatusOK},
		{"a connection the user does not have", path("github"), bob, http.StatusNotFound},
		{"no credential", path("google"), "", http.StatusUnauthorized},
		{"the session cookie (cookie mode)", path("google"), "cookie", http.StatusOK},
		{"a bad token", path("google"), "not-a-jwt", http.StatusUnauthorized},
		{"a nested path is not a connection", "/api/v1/users/me/connections/a/b/credentials", alice, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp *http.Response
			switch tt.token {
			case "cookie":
				resp = h.get(tt.path, nil)
			case "":
				resp = h.with(t, true).get(tt.path, nil) // a browser without alice's session cookie
			default:
				resp = h.withBearer(http.MethodGet, tt.path, tt.token)
			}
			readBody(t, resp)
			if resp.StatusCode != tt.status {
				t.Fatalf("HTTP %d, want %d", resp.StatusCode, tt.status)
			}
		})
	}
	if n := h.idp.Counts()["credentials"]; n < 6 {
		t.Fatalf("credentials counter %d", n)
	}
}

func TestConnectionCredentials_DueWithoutRefreshTokenAsksForConsent(t *testing.T) {
	h := newHarness(t)
	alice := h.signIn("alice", "wonderland")["access_token"].(string)
	h.idp.StoreConnectionCredentials("alice", "google", Credentials{AccessToken: "google-token", ExpiresAt: time.Now().Add(time.Hour)})
	h.idp.ExpireConnectionCredentials("alice", "google")
	resp := h.withBearer(http.MethodGet, "/api/v1/users/me/connections/google/credentials", alice)
	if body := decodeJSON(t, resp); resp.StatusCode != http.StatusConflict || body["error"] != "consent_required" {
		t.Fatalf("%d %v, want 409 consent_required", resp.StatusCode, body)
	}
}
