package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

func TestHelp_ExitsZeroAndDocumentsFlagsAdminAPIAndUsers(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		var stdout, stderr strings.Builder
		if err := run([]string{arg}, &stdout, &stderr); err != nil {
			t.Fatalf("run(%s) = %v, want nil (exit 0)", arg, err)
		}
		for _, want := range []string{"-allow-origin", "-redirect-uri", "-client-id", "-resolver",
			"POST /_admin/revoke", "POST /_admin/config", "POST /_admin/fault", "GET  /_admin/counts",
			"alice / wonderland", "bob / builder"} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("%s output lacks %q:\n%s", arg, want, stdout.String())
			}
		}
		if stderr.Len() != 0 {
			t.Errorf("%s wrote to stderr: %s", arg, stderr.String())
		}
	}
}

func TestFlags_RefusedWithAnError(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"-allow-origin", "localhost:5173"},
		{"-allow-origin", "http://localhost:5173/app"}, {"-redirect-uri", "/callback"}, {"stray"}} {
		var stdout, stderr strings.Builder
		if err := run(args, &stdout, &stderr); err == nil {
			t.Errorf("run(%q) = nil, want an error (exit 1)", args)
		}
	}
}

// The origins given by -allow-origin and -redirect-uri reach the provider: its CORS answers
// them, under either loopback name, and nothing else.
func TestFlags_AllowedOriginsReachTheProvider(t *testing.T) {
	var stderr strings.Builder
	cfg, err := parseFlags([]string{"-root", t.TempDir(), "-app", "127.0.0.1:0", "-idp", "127.0.0.1:0",
		"-allow-origin", "http://localhost:5173,http://127.0.0.1:3000/", "-redirect-uri", "http://localhost:4000/auth/callback"}, &stderr, &stderr)
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv, err := devserver.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for origin, want := range map[string]bool{
		"http://localhost:5173": true, "http://127.0.0.1:5173": true, "http://localhost:3000": true,
		"http://127.0.0.1:4000": true, "http://localhost:5174": false, srv.AppURL: true,
	} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodOptions, srv.IdPURL+"/oauth2/token", nil)
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Access-Control-Allow-Origin") == origin; got != want {
			t.Errorf("CORS for %s: allowed %v, want %v", origin, got, want)
		}
	}
}
