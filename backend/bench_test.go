package backend_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/backend"
	"github.com/wasmgear/wasmgear/internal/dpop/dpoptest"
)

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})

// BenchmarkJWTMiddleware: one valid RS256 token (2048-bit key) through the
// middleware; the keys are cached, so no network per request.
func BenchmarkJWTMiddleware(b *testing.B) {
	key := newRSAKey(b, "rsa-1")
	iss := newTestIssuer(b, key)
	v := newVerifier(b, iss.srv.URL)
	h := v.Middleware(okHandler)
	req := bearerRequest("Bearer " + sign(b, key, iss.claims()))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkResolverMiddlewareCached: a credential whose answer is cached, so
// the resolver is asked once in all.
func BenchmarkResolverMiddlewareCached(b *testing.B) {
	f := newFakeResolver(b)
	h := backend.NewResolver(f.srv.URL, backend.WithCacheTTL(backend.DefaultCacheTTL*1000)).Middleware(okHandler)
	req := resolverRequest("Bearer good", "session=good; theme=dark")
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
	if n := f.calls.Load(); n != 1 {
		b.Fatalf("resolver called %d times, want 1", n)
	}
}

// BenchmarkJWTMiddlewareDPoP: the same token DPoP-bound to an ES256 key, each request
// with a fresh proof (made with the timer stopped): what DPoP adds per request is the
// difference from BenchmarkJWTMiddleware (the proof's P-256 signature check, its parse,
// the ath hash and a replay-cache entry).
func BenchmarkJWTMiddlewareDPoP(b *testing.B) {
	key := newRSAKey(b, "rsa-1")
	iss := newTestIssuer(b, key)
	v := newVerifier(b, iss.srv.URL, backend.WithDPoPReplayCacheSize(1<<22))
	h := v.Middleware(okHandler)
	client := dpoptest.NewES256()
	client.Now = func() time.Time { return testNow }
	token := sign(b, key, with(iss.claims(), "cnf", map[string]any{"jkt": client.JKT}))
	ath := dpoptest.WithAccessToken(token)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		req := dpopRequest("GET", dpopAPI, "DPoP", token, client.Proof("GET", dpopAPI, ath))
		rec := httptest.NewRecorder()
		b.StartTimer()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
