package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAPI_Me(t *testing.T) {
	s := startServer(t)
	token := login(t, s, "alice", "wonderland")
	tests := []struct {
		name          string
		authorization string
		wantStatus    int
		wantChallenge string
	}{
		{name: "no credential", wantStatus: 401, wantChallenge: "Bearer"},
		{name: "garbage token", authorization: "Bearer not-a-jwt", wantStatus: 401, wantChallenge: `Bearer error="invalid_token"`},
		{name: "devidp access token", authorization: "Bearer " + token, wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := map[string]string{}
			if tt.authorization != "" {
				headers["Authorization"] = tt.authorization
			}
			resp, body := httpDo(t, http.MethodGet, s.AppURL+"/api/me", nil, headers)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", resp.StatusCode, tt.wantStatus, body)
			}
			if got := resp.Header.Get("WWW-Authenticate"); got != tt.wantChallenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.wantChallenge)
			}
			if tt.wantStatus != 200 {
				return
			}
			var me meResponse
			if err := json.Unmarshal([]byte(body), &me); err != nil {
				t.Fatal(err)
			}
			want := meResponse{Sub: "7b0f3c5e-a11c-4e00-9d2a-000000000a11", Roles: []string{"admin", "reader"},
				IsVerified: true, Mode: "jwt"}
			if me.Sub != want.Sub || !slices.Equal(me.Roles, want.Roles) || me.IsVerified != want.IsVerified ||
				me.IsAnonymous || me.Mode != want.Mode {
				t.Errorf("me = %+v, want %+v", me, want)
			}
		})
	}
}

func TestAPI_Echo(t *testing.T) {
	s := startServer(t)
	token := login(t, s, "bob", "builder")
	for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		t.Run(method, func(t *testing.T) {
			payload := ""
			if method != "GET" {
				payload = `{"hello":"wörld"}`
			}
			resp, body := httpDo(t, method, s.AppURL+"/api/echo?a=1&b=x%20y", strings.NewReader(payload), map[string]string{
				"Authorization": "Bearer " + token, "X-Custom": "v1", "Content-Type": "application/json"})
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if strings.Contains(body, token) {
				t.Fatal("echo repeated the access token")
			}
			var got echoResponse
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatal(err)
			}
			if got.Method != method || got.Path != "/api/echo" || got.Query != "a=1&b=x%20y" ||
				got.Body != payload || got.BodyLength != len(payload) {
				t.Errorf("echo = %+v", got)
			}
			if got.Headers["x-custom"] != "v1" || got.Headers["content-type"] != "application/json" ||
				got.Headers["authorization"] != "Bearer <present>" {
				t.Errorf("headers = %v", got.Headers)
			}
		})
	}
	t.Run("method not allowed", func(t *testing.T) {
		resp, _ := httpDo(t, http.MethodOptions, s.AppURL+"/api/echo", nil, map[string]string{"Authorization": "Bearer " + token})
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("status = %d, want 405", resp.StatusCode)
		}
	})
	t.Run("without token", func(t *testing.T) {
		resp, _ := httpDo(t, http.MethodPost, s.AppURL+"/api/echo", strings.NewReader("x"), nil)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("status = %d, want 401", resp.StatusCode)
		}
	})
}

func TestAPI_Slow(t *testing.T) {
	s := startServer(t)
	auth := map[string]string{"Authorization": "Bearer " + login(t, s, "alice", "wonderland")}
	tests := []struct {
		name, query string
		wantStatus  int
	}{
		{name: "short wait", query: "ms=20", wantStatus: 200},
		{name: "zero", query: "ms=0", wantStatus: 200},
		{name: "negative", query: "ms=-1", wantStatus: 400},
		{name: "not a number", query: "ms=soon", wantStatus: 400},
		{name: "missing", query: "", wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := httpDo(t, http.MethodGet, s.AppURL+"/api/slow?"+tt.query, nil, auth)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d: %s", resp.StatusCode, tt.wantStatus, body)
			}
		})
	}
	t.Run("client abort", func(t *testing.T) {
		s.ResetAPIRequests()
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.AppURL+"/api/slow?ms=10000", nil)
		req.Header.Set("Authorization", auth["Authorization"])
		done := make(chan error, 1)
		go func() {
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		waitFor(t, "the slow request to arrive", func() bool { return len(s.APIRequests()) == 1 })
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Do = %v, want context.Canceled", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the aborted request did not end")
		}
	})
	t.Run("close ends a slow request", func(t *testing.T) {
		s2 := startServer(t)
		req, _ := http.NewRequest(http.MethodGet, s2.AppURL+"/api/slow?ms=10000", nil)
		req.Header.Set("Authorization", "Bearer "+login(t, s2, "alice", "wonderland"))
		go func() {
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
		waitFor(t, "the slow request to arrive", func() bool { return len(s2.APIRequests()) == 1 })
		start := time.Now()
		if err := s2.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("Close took %v with a slow request in flight", d)
		}
	})
}
