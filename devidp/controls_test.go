package devidp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestCORS(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, method, path, origin string
		wantStatus                 int
		wantAllowed                bool
	}{
		{name: "preflight token", method: http.MethodOptions, path: "/oauth2/token", origin: testOrigin, wantStatus: 204, wantAllowed: true},
		{name: "preflight admin", method: http.MethodOptions, path: "/_admin/fault", origin: testOrigin, wantStatus: 204, wantAllowed: true},
		{name: "get discovery", method: http.MethodGet, path: "/.well-known/openid-configuration", origin: testOrigin, wantStatus: 200, wantAllowed: true},
		{name: "foreign origin", method: http.MethodOptions, path: "/oauth2/token", origin: "https://evil.example", wantStatus: 204},
		{name: "added origin", method: http.MethodGet, path: "/oauth2/jwks", origin: "http://late.example:9", wantStatus: 200, wantAllowed: true},
	}
	h.idp.AddAllowedOrigin("http://late.example:9")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := h.with(t, true)
			req, _ := http.NewRequest(tt.method, h.srv.URL+tt.path, nil)
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
			resp := h.do(req)
			hd := resp.Header
			if resp.StatusCode != tt.wantStatus || !strings.Contains(strings.Join(hd.Values("Vary"), ","), "Origin") {
				t.Fatalf("status %d, Vary %v", resp.StatusCode, hd.Values("Vary"))
			}
			if !tt.wantAllowed {
				if hd.Get("Access-Control-Allow-Origin") != "" {
					t.Fatalf("foreign origin allowed")
				}
				return
			}
			if hd.Get("Access-Control-Allow-Origin") != tt.origin || hd.Get("Access-Control-Allow-Credentials") != "true" {
				t.Fatalf("CORS headers %v", hd)
			}
			if tt.method == http.MethodOptions && (!strings.Contains(hd.Get("Access-Control-Allow-Headers"), "Authorization") ||
				!strings.Contains(hd.Get("Access-Control-Allow-Methods"), "POST")) {
				t.Fatalf("preflight headers %v", hd)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault Fault
		check func(t *testing.T, resp *http.Response, err error)
	}{
		{name: "status default 503", fault: Fault{Endpoint: "token", Grant: "refresh_token", Kind: FaultStatus},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil || resp.StatusCode != 503 {
					t.Fatalf("got %v %v", resp, err)
				}
				var body oauthError
				if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Code != "server_error" {
					t.Fatalf("body %+v %v", body, err)
				}
			}},
		{name: "status 500", fault: Fault{Endpoint: "token", Kind: FaultStatus, Status: 500},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil || resp.StatusCode != 500 {
					t.Fatalf("got %v %v", resp, err)
				}
			}},
		{name: "malformed", fault: Fault{Endpoint: "token", Kind: FaultMalformed},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("got %v %v", resp, err)
				}
				b, _ := io.ReadAll(resp.Body)
				if json.Valid(b) {
					t.Fatalf("body is JSON: %s", b)
				}
			}},
		{name: "drop", fault: Fault{Endpoint: "token", Kind: FaultDrop},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err == nil {
					t.Fatalf("want a transport error, got %d", resp.StatusCode)
				}
			}},
		{name: "delay then normal", fault: Fault{Endpoint: "token", Kind: FaultDelay, Delay: 50 * time.Millisecond},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("got %v %v", resp, err)
				}
			}},
		{name: "other grant not hit", fault: Fault{Endpoint: "token", Grant: "authorization_code", Kind: FaultStatus},
			check: func(t *testing.T, resp *http.Response, err error) {
				if err != nil || resp.StatusCode != 200 {
					t.Fatalf("got %v %v", resp, err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			rt := h.signIn("alice", "wonderland")["refresh_token"].(string)
			h.idp.InjectFault(tt.fault)
			form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {"demo"}}
			start := time.Now()
			resp, err := h.client.PostForm(h.srv.URL+"/oauth2/token", form)
			if err == nil {
				defer resp.Body.Close()
			}
			tt.check(t, resp, err)
			if tt.fault.Kind == FaultDelay && time.Since(start) < tt.fault.Delay {
				t.Fatalf("answered after %v, before the delay", time.Since(start))
			}
			if resp, _ := h.refresh(rt); resp.StatusCode != http.StatusOK {
				t.Fatalf("fault not spent after one hit: %d", resp.StatusCode)
			}
			if got := h.idp.Counts()["token:refresh_token"]; got != 2 {
				t.Fatalf("token:refresh_token count = %d, want 2", got)
			}
		})
	}
}

func TestFaults_TimesAndEndpoints(t *testing.T) {
	h := newHarness(t)
	h.idp.InjectFault(Fault{Endpoint: "discovery", Times: 2})
	h.idp.InjectFault(Fault{Endpoint: "jwks", Kind: FaultMalformed})
	for i, want := range []int{503, 503, 200} {
		if resp := h.get("/.well-known/openid-configuration", nil); resp.StatusCode != want {
			t.Fatalf("discovery %d: %d, want %d", i, resp.StatusCode, want)
		}
	}
	if resp := h.get("/oauth2/jwks", nil); json.Valid([]byte(readBody(t, resp))) {
		t.Fatal("jwks fault not applied")
	}
	for _, ep := range []struct{ endpoint, method, path string }{
		{"userinfo", http.MethodGet, "/oauth2/userinfo"}, {"revoke", http.MethodPost, "/oauth2/revoke"},
		{"resolve", http.MethodGet, "/_resolver/resolve"},
	} {
		h.idp.InjectFault(Fault{Endpoint: ep.endpoint, Status: 502})
		req, _ := http.NewRequest(ep.method, h.srv.URL+ep.path, nil)
		if resp := h.do(req); resp.StatusCode != 502 {
			t.Fatalf("%s: %d", ep.endpoint, resp.StatusCode)
		}
	}
}

func TestAdminAPI(t *testing.T) {
	h := newHarness(t)
	post := func(path, body string) *http.Response {
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		return h.do(req)
	}
	resp := post("/_admin/config", `{"access_token_lifetime_seconds": 7, "rotate_refresh_tokens": true}`)
	if cfg := decodeJSON(t, resp); cfg["access_token_lifetime_seconds"] != float64(7) || cfg["rotate_refresh_tokens"] != true {
		t.Fatalf("config = %v", cfg)
	}
	tok := h.signIn("alice", "wonderland")
	if tok["expires_in"] != float64(7) {
		t.Fatalf("expires_in = %v", tok["expires_in"])
	}
	if _, body := h.refresh(tok["refresh_token"].(string)); body["refresh_token"] == tok["refresh_token"] {
		t.Fatal("rotation not switched on")
	}
	if resp := post("/_admin/config", `{"bogus": 1}`); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("unknown field: %d", resp.StatusCode)
	}
	if got := decodeJSON(t, h.get("/_admin/counts", nil)); got["login"] != float64(1) || got["token:refresh_token"] != float64(1) || got["revoke"] != float64(0) {
		t.Fatalf("counts = %v", got)
	}
	if resp := post("/_admin/counts/reset", ""); resp.StatusCode != http.StatusNoContent || h.idp.Counts()["login"] != 0 {
		t.Fatalf("reset: %d %v", resp.StatusCode, h.idp.Counts())
	}
	if got := decodeJSON(t, post("/_admin/revoke", `{"user":"alice"}`)); got["revoked"] != float64(2) {
		t.Fatalf("revoke = %v", got)
	}
	if resp := post("/_admin/revoke", `{"user":"nobody"}`); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown user: %d", resp.StatusCode)
	}
	if resp := post("/_admin/fault", `{"endpoint":"userinfo","kind":"status","status":500,"times":1}`); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("fault: %d", resp.StatusCode)
	}
	if resp := h.get("/oauth2/userinfo", nil); resp.StatusCode != 500 {
		t.Fatalf("injected userinfo fault: %d", resp.StatusCode)
	}
	for _, bad := range []string{`{"endpoint":"nowhere","kind":"status"}`, `{"endpoint":"token","kind":"explode"}`} {
		if resp := post("/_admin/fault", bad); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("bad fault %s: %d", bad, resp.StatusCode)
		}
	}
}

func TestAdminAPI_LoopbackOnly(t *testing.T) {
	h := newHarness(t)
	req := httptest.NewRequest(http.MethodPost, h.srv.URL+"/_admin/revoke", bytes.NewBufferString(`{"user":"alice"}`))
	req.RemoteAddr = "192.0.2.7:5555"
	rec := httptest.NewRecorder()
	h.idp.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("remote admin call: %d", rec.Code)
	}
}

func TestRotateSigningKey(t *testing.T) {
	h := newHarness(t)
	before := h.signIn("alice", "wonderland")["access_token"].(string)
	oldKid := h.idp.keys.current().kid
	if err := h.idp.RotateSigningKey(); err != nil {
		t.Fatal(err)
	}
	keys := h.jwks()
	newKid := h.idp.keys.current().kid
	if len(keys) != 2 || keys[oldKid] == nil || keys[newKid] == nil || oldKid == newKid {
		t.Fatalf("JWKS kids %v, want %s and %s", keys, oldKid, newKid)
	}
	crafted, err := h.idp.SignAccessToken(jwt.MapClaims{"iss": h.srv.URL, "sub": "crafted", "exp": time.Now().Add(time.Hour).Unix()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ raw, kid string }{{before, oldKid}, {crafted, newKid}} {
		tok, _, err := jwt.NewParser().ParseUnverified(tc.raw, jwt.MapClaims{})
		if err != nil || tok.Header["kid"] != tc.kid {
			t.Fatalf("kid = %v, want %s (%v)", tok.Header["kid"], tc.kid, err)
		}
		h.verify(tc.raw)
	}
	if resp := h.withBearer("GET", "/oauth2/userinfo", before); resp.StatusCode != http.StatusOK {
		t.Fatalf("token signed by the old key rejected: %d", resp.StatusCode)
	}
}

func TestMethodsAndRoutes(t *testing.T) {
	h := newHarness(t)
	if resp := h.get("/nowhere", nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown path: %d", resp.StatusCode)
	}
	if resp := h.get("/oauth2/revoke", nil); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") == "" {
		t.Fatalf("GET revoke: %d", resp.StatusCode)
	}
}

func TestIssuerWithPath(t *testing.T) {
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String() + "/idp"
	idp, err := New(Config{Issuer: issuer, AllowedOrigins: []string{testOrigin}})
	if err != nil {
		srv.Listener.Close()
		t.Fatal(err)
	}
	srv.Config.Handler = idp
	srv.Start()
	defer srv.Close()
	h := &harness{t: t, idp: idp, srv: srv, client: newBrowser(t)}
	doc := decodeJSON(t, h.get("/idp/.well-known/openid-configuration", nil))
	if doc["issuer"] != issuer || doc["token_endpoint"] != issuer+"/oauth2/token" {
		t.Fatalf("discovery = %v", doc)
	}
	_, challenge := pkcePair()
	resp := h.get("/idp/oauth2/authorize", authorizeParams(challenge, nil))
	if body := readBody(t, resp); !strings.Contains(body, `action="/idp/oauth2/authorize"`) {
		t.Fatalf("form action: %s", body)
	}
	if resp := h.get("/.well-known/openid-configuration", nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("path outside the issuer: %d", resp.StatusCode)
	}
}
