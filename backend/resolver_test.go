package backend_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/backend"
)

// fakeResolver imitates Authgear's /_resolver/resolve: its answer depends on
// the forwarded credential, and it counts and records what it was sent.
type fakeResolver struct {
	srv   *httptest.Server
	calls atomic.Int32

	mu      sync.Mutex // guards authz and cookies
	authz   []string
	cookies []string
}

func newFakeResolver(t testing.TB) *fakeResolver {
	t.Helper()
	f := &fakeResolver{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeResolver) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/_resolver/resolve" || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	f.calls.Add(1)
	f.mu.Lock()
	f.authz, f.cookies = r.Header.Values("Authorization"), r.Header.Values("Cookie")
	f.mu.Unlock()
	h := w.Header()
	session, _ := r.Cookie("session")
	switch cred := r.Header.Get("Authorization"); {
	case cred == "Bearer good" || cred == "Bearer other" || (session != nil && session.Value == "good"):
		h.Set("x-authgear-session-valid", "true")
		h.Set("x-authgear-user-id", "user-1")
		h.Set("x-authgear-user-anonymous", "false")
		h.Set("x-authgear-user-verified", "true")
		h.Set("x-authgear-user-can-reauthenticate", "true")
		h.Set("x-authgear-user-roles", "admin, editor viewer,,")
		h.Set("x-authgear-session-amr", "pwd,otp")
		h.Set("x-authgear-session-authenticated-at", "1700000000")
	case cred == "Bearer revoked" || (session != nil && session.Value == "revoked"):
		h.Set("x-authgear-session-valid", "false")
	case cred == "Bearer odd":
		h.Set("x-authgear-session-valid", "maybe")
	case cred == "Bearer nouser":
		h.Set("x-authgear-session-valid", "true")
	case cred == "Bearer broken":
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (f *fakeResolver) sent() (authz, cookies []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.authz, f.cookies
}

func resolverRequest(authz, cookie string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, "/api", nil)
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	return req
}

func TestResolver_Middleware(t *testing.T) {
	f := newFakeResolver(t)
	r := backend.NewResolver(f.srv.URL, backend.WithCacheTTL(0))
	tests := []struct {
		name          string
		authz, cookie string
		want          wantAnswer
		wantCalls     int32
	}{
		{"valid bearer", "Bearer good", "", accepted, 1},
		{"valid cookie", "", "theme=dark; session=good", accepted, 1},
		{"session-valid false", "Bearer revoked", "", invalidToken, 1},
		{"revoked cookie", "", "session=revoked", invalidToken, 1},
		{"session-valid absent", "", "theme=dark", noCredential, 1},
		{"nothing to forward", "", "", noCredential, 0},
		{"unexpected session-valid value", "Bearer odd", "", unavailable, 1},
		{"valid without user id", "Bearer nouser", "", unavailable, 1},
		{"resolver 500", "Bearer broken", "", unavailable, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.calls.Load()
			rec, seen := serve(r.Middleware, resolverRequest(tt.authz, tt.cookie))
			checkAnswer(t, rec, seen, tt.want, "")
			if got := f.calls.Load() - before; got != tt.wantCalls {
				t.Errorf("resolver called %d times, want %d", got, tt.wantCalls)
			}
			if tt.want.status != http.StatusOK {
				return
			}
			if seen.Sub != "user-1" || seen.IsAnonymous || !seen.IsVerified || !seen.CanReauthenticate {
				t.Errorf("user = %+v", seen)
			}
			if !slices.Equal(seen.Roles, []string{"admin", "editor", "viewer"}) {
				t.Errorf("Roles = %q", seen.Roles)
			}
			if !slices.Equal(seen.AMR, []string{"pwd", "otp"}) {
				t.Errorf("AMR = %q", seen.AMR)
			}
			if !seen.AuthenticatedAt.Equal(time.Unix(1_700_000_000, 0)) {
				t.Errorf("AuthenticatedAt = %v", seen.AuthenticatedAt)
			}
		})
	}
}

func TestResolver_ForwardsCredentials(t *testing.T) {
	f := newFakeResolver(t)
	r := backend.NewResolver(f.srv.URL + "/") // trailing slash is tolerated
	req := resolverRequest("Bearer good", "session=good; theme=dark")
	if _, err := r.Resolve(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	authz, cookies := f.sent()
	if !slices.Equal(authz, []string{"Bearer good"}) || !slices.Equal(cookies, []string{"session=good; theme=dark"}) {
		t.Errorf("forwarded Authorization %q, Cookie %q", authz, cookies)
	}
}

func TestResolver_Cache(t *testing.T) {
	f := newFakeResolver(t)
	var mu sync.Mutex
	now := testNow
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	r := backend.NewResolver(f.srv.URL, backend.WithResolverClock(clock), backend.WithCacheTTL(5*time.Second))
	ctx := context.Background()

	steps := []struct {
		name      string
		authz     string
		cookie    string
		advance   time.Duration
		wantErr   error
		wantCalls int32 // total so far
	}{
		{"first ask", "Bearer good", "", 0, nil, 1},
		{"cache hit", "Bearer good", "", 0, nil, 1},
		{"still fresh just before TTL", "Bearer good", "", 4999 * time.Millisecond, nil, 1},
		{"expired at TTL", "Bearer good", "", time.Millisecond, nil, 2},
		{"other credential misses", "Bearer other", "", 0, nil, 3},
		{"same token, other cookie misses", "Bearer good", "a=b", 0, nil, 4},
		{"invalid is not cached (1)", "Bearer revoked", "", 0, backend.ErrInvalidToken, 5},
		{"invalid is not cached (2)", "Bearer revoked", "", 0, backend.ErrInvalidToken, 6},
		{"error is not cached (1)", "Bearer broken", "", 0, backend.ErrResolverUnavailable, 7},
		{"error is not cached (2)", "Bearer broken", "", 0, backend.ErrResolverUnavailable, 8},
	}
	for _, s := range steps {
		advance(s.advance)
		u, err := r.Resolve(ctx, resolverRequest(s.authz, s.cookie))
		if !errors.Is(err, s.wantErr) || (err == nil) != (u != nil) {
			t.Fatalf("%s: user %v, err %v; want err %v", s.name, u, err, s.wantErr)
		}
		if got := f.calls.Load(); got != s.wantCalls {
			t.Fatalf("%s: %d resolver calls, want %d", s.name, got, s.wantCalls)
		}
	}

	// A handler that changes its User must not change the cached one.
	u, _ := r.Resolve(ctx, resolverRequest("Bearer good", ""))
	u.Roles[0], u.Sub = "root", "mallory"
	u, _ = r.Resolve(ctx, resolverRequest("Bearer good", ""))
	if u.Sub != "user-1" || u.Roles[0] != "admin" {
		t.Errorf("cached user was changed through a returned copy: %+v", u)
	}
}

func TestResolver_CacheDisabled(t *testing.T) {
	f := newFakeResolver(t)
	r := backend.NewResolver(f.srv.URL, backend.WithCacheTTL(0))
	for range 3 {
		if _, err := r.Resolve(context.Background(), resolverRequest("Bearer good", "")); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.calls.Load(); got != 3 {
		t.Errorf("%d resolver calls with the cache off, want 3", got)
	}
}

func TestResolver_Down(t *testing.T) {
	f := newFakeResolver(t)
	r := backend.NewResolver(f.srv.URL)
	f.srv.Close()

	_, err := r.Resolve(context.Background(), resolverRequest("Bearer good", ""))
	if !errors.Is(err, backend.ErrResolverUnavailable) {
		t.Fatalf("err = %v, want ErrResolverUnavailable", err)
	}
	rec, seen := serve(r.Middleware, resolverRequest("Bearer good", ""))
	checkAnswer(t, rec, seen, unavailable, "Bearer good")
}

func TestResolver_DoesNotFollowRedirects(t *testing.T) {
	var leaked atomic.Bool
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(true)
	}))
	defer elsewhere.Close()
	redirector := httptest.NewServer(http.RedirectHandler(elsewhere.URL, http.StatusFound))
	defer redirector.Close()

	_, err := backend.NewResolver(redirector.URL).Resolve(context.Background(), resolverRequest("Bearer good", ""))
	if !errors.Is(err, backend.ErrResolverUnavailable) || leaked.Load() {
		t.Fatalf("err = %v, leaked = %v; want ErrResolverUnavailable and no redirect", err, leaked.Load())
	}
}
