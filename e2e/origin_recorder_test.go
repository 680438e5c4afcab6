package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// seenRequest is what another origin received from the page.
type seenRequest struct {
	Method, Path, Authorization, Custom string
	// Cookie reports whether the request carried a Cookie header.
	Cookie bool
}

// String shows a recorded request with its credential shortened: tokens stay out of logs.
func (r seenRequest) String() string {
	return fmt.Sprintf("%s %s Authorization=%q X-Custom=%q Cookie=%v", r.Method, r.Path, prefix(r.Authorization), r.Custom, r.Cookie)
}

// describe lists demo-API requests for a failure message, credentials shortened.
func describe(reqs []devserver.APIRequest) string {
	parts := make([]string, 0, len(reqs))
	for _, r := range reqs {
		parts = append(parts, fmt.Sprintf("%s %s Authorization=%q Cookie=%v", r.Method, r.Path, prefix(r.Authorization), r.Cookie))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// originRecorder is a second origin on 127.0.0.1 — an API the page may or may not trust —
// that records the headers it receives and answers CORS for the app's origin, so the
// page can read its answers with and without credentials.
type originRecorder struct {
	URL string

	mu   sync.Mutex // guards seen
	seen []seenRequest
}

// startOriginRecorder serves a recording origin for one test. appOrigin is the only
// origin its CORS answers name (Fetch Standard §3.2.3); credentials are allowed, so a
// request that includes them can be read too.
func startOriginRecorder(t *testing.T, appOrigin string) *originRecorder {
	t.Helper()
	rec := &originRecorder{}
	srv := httptest.NewServer(rec.handler(appOrigin))
	t.Cleanup(srv.Close)
	rec.URL = srv.URL
	return rec
}

// handler records what reaches the origin and answers CORS for appOrigin.
func (rec *originRecorder) handler(appOrigin string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", appOrigin)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Vary", "Origin")
		if r.Method == http.MethodOptions { // the preflight is not the request
			h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
			h.Set("Access-Control-Allow-Headers", "authorization, dpop, content-type, x-custom")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		rec.mu.Lock()
		rec.seen = append(rec.seen, seenRequest{Method: r.Method, Path: r.URL.Path,
			Authorization: r.Header.Get("Authorization"), Custom: r.Header.Get("X-Custom"),
			Cookie: r.Header.Get("Cookie") != ""})
		rec.mu.Unlock()
		h.Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("recorded"))
	})
}

// requests returns what the origin has received so far, oldest first.
func (rec *originRecorder) requests() []seenRequest {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]seenRequest(nil), rec.seen...)
}
