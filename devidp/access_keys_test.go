package devidp

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAdminAccessKeys_ShownOnceStoredHashedRevocable(t *testing.T) {
	h := newHarness(t)
	h.idp.StoreConnectionCredentials("alice", "google", Credentials{AccessToken: "google-token", ExpiresAt: time.Now().Add(time.Hour)})
	resp := h.postJSON("/_admin/access-keys", `{"name":"sync","permissions":["Connections/google/Users/*/Credentials"]}`)
	created := decodeJSON(t, resp)
	key, _ := created["accessKey"].(string)
	if resp.StatusCode != http.StatusCreated || !strings.HasPrefix(key, AccessKeyPrefix+created["id"].(string)+".") {
		t.Fatalf("create: %d %v", resp.StatusCode, created)
	}
	list := readBody(t, h.get("/_admin/access-keys", nil))
	secret := key[strings.Index(key, ".")+1:]
	if strings.Contains(list, secret) || !strings.Contains(list, `"name":"sync"`) {
		t.Fatalf("the list must name the key without its secret: %s", list)
	}
	for _, k := range h.idp.accessKeys.byID {
		if strings.Contains(string(k.digest[:]), secret) {
			t.Fatal("the key is stored in the clear")
		}
	}
	path := "/v1/connections/google/users/" + DemoUsers()[0].Sub + "/credentials"
	if resp := h.withBearer(http.MethodGet, path, key); resp.StatusCode != http.StatusOK || !strings.Contains(readBody(t, resp), "google-token") {
		t.Fatalf("service read: %d", resp.StatusCode)
	}
	if resp := h.postJSON("/_admin/access-keys/revoke", `{"id":"`+created["id"].(string)+`"}`); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	resp = h.withBearer(http.MethodGet, path, key)
	if readBody(t, resp); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "invalid_token") {
		t.Fatalf("revoked key: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	if resp := h.postJSON("/_admin/access-keys", `{"name":"bad","permissions":["Connections/*/Users/*"]}`); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a malformed permission: %d", resp.StatusCode)
	}
}

func TestParsePermission(t *testing.T) {
	tests := []struct {
		perm             string
		connection, user string
		ok               bool
	}{
		{"Connections/*/Users/*/Credentials", "*", "*", true},
		{"Connections/google/Users/u1/Credentials", "google", "u1", true},
		{"Connections/goo*/Users/u1/Credentials", "", "", false},
		{"Connections//Users/u1/Credentials", "", "", false},
		{"Authress:Connections/*/Users/*/Credentials", "", "", false},
		{"Connections/*/Users/*/Credentials/x", "", "", false},
	}
	for _, tt := range tests {
		c, u, ok := parsePermission(tt.perm)
		if c != tt.connection || u != tt.user || ok != tt.ok {
			t.Errorf("%s: %q %q %v", tt.perm, c, u, ok)
		}
	}
	if _, _, err := (&Server{}).CreateAccessKey("x", nil); !errors.Is(err, ErrInvalidPermission) {
		t.Errorf("no permissions: %v", err)
	}
}

func TestConfig_Connections(t *testing.T) {
	good := Connection{ID: "up", AuthorizeURL: "http://127.0.0.1/a", TokenURL: "http://127.0.0.1/t", UserInfoURL: "http://127.0.0.1/me", ClientID: "c"}
	bad := []func(c *Connection){
		func(c *Connection) { c.ID = "a/b" },
		func(c *Connection) { c.ClientID = "" },
		func(c *Connection) { c.TokenURL = "/relative" },
	}
	if _, err := New(Config{Issuer: "http://127.0.0.1", Connections: []Connection{good, good}}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("a connection twice: %v", err)
	}
	for i, mutate := range bad {
		c := good
		mutate(&c)
		if _, err := New(Config{Issuer: "http://127.0.0.1", Connections: []Connection{c}}); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("bad connection %d: %v", i, err)
		}
	}
}

func (h *harness) postJSON(path, body string) *http.Response {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return h.do(req)
}
