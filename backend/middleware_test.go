package backend_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/backend"
)

// wantAnswer is what a middleware must answer.
type wantAnswer struct {
	status    int
	challenge string // WWW-Authenticate; "" means absent
	errCode   string // "error" in the JSON body; "" for 200
}

var (
	accepted      = wantAnswer{status: http.StatusOK}
	noCredential  = wantAnswer{http.StatusUnauthorized, "Bearer", "unauthorized"}
	invalidToken  = wantAnswer{http.StatusUnauthorized, `Bearer error="invalid_token"`, "invalid_token"}
	unavailable   = wantAnswer{http.StatusServiceUnavailable, "", "temporarily_unavailable"}
	nextHandlerOK = "next saw "
)

// serve runs req through mw and reports the recorder and the user next saw
// (nil when next was not called).
func serve(mw func(http.Handler) http.Handler, req *http.Request) (*httptest.ResponseRecorder, *backend.User) {
	var seen *backend.User
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := backend.UserFrom(r.Context())
		if !ok {
			http.Error(w, "no user in context", http.StatusInternalServerError)
			return
		}
		seen = u
		_, _ = w.Write([]byte(nextHandlerOK + u.Sub))
	})
	rec := httptest.NewRecorder()
	mw(next).ServeHTTP(rec, req)
	return rec, seen
}

// checkAnswer asserts status, challenge and JSON body, and that next ran
// exactly when the request was accepted (zero false accepts).
func checkAnswer(t *testing.T, rec *httptest.ResponseRecorder, seen *backend.User, want wantAnswer, secret string) {
	t.Helper()
	if rec.Code != want.status {
		t.Fatalf("status = %d, want %d (body %q)", rec.Code, want.status, rec.Body.String())
	}
	if got := rec.Header().Get("WWW-Authenticate"); got != want.challenge {
		t.Errorf("WWW-Authenticate = %q, want %q", got, want.challenge)
	}
	if want.status == http.StatusOK {
		if seen == nil {
			t.Fatal("accepted, but next did not see a user")
		}
		return
	}
	if seen != nil {
		t.Fatalf("FALSE ACCEPT: next ran with user %q", seen.Sub)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body struct {
		Error       string  `json:"error"`
		Description *string `json:"error_description"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q is not JSON: %v", rec.Body.String(), err)
	}
	if body.Error != want.errCode {
		t.Errorf("error = %q, want %q", body.Error, want.errCode)
	}
	if (body.Description != nil) != (want.errCode != "unauthorized") {
		t.Errorf("error_description present = %v for error %q", body.Description != nil, body.Error)
	}
	if secret != "" && len(secret) > 8 && strings.Contains(rec.Body.String(), secret[len(secret)-8:]) {
		t.Errorf("the body echoes the credential: %q", rec.Body.String())
	}
}

func TestUserFrom_Empty(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if u, ok := backend.UserFrom(req.Context()); ok || u != nil {
		t.Fatalf("UserFrom(empty) = %v, %v", u, ok)
	}
	ctx := backend.WithUser(req.Context(), &backend.User{Sub: "u"})
	if u, ok := backend.UserFrom(ctx); !ok || u.Sub != "u" {
		t.Fatalf("UserFrom = %v, %v", u, ok)
	}
	if _, ok := backend.UserFrom(backend.WithUser(req.Context(), nil)); ok {
		t.Fatal("a nil user must not count as a user")
	}
}

// TestErrorDescriptions: error_description says why, in fixed words.
func TestErrorDescriptions(t *testing.T) {
	key := newRSAKey(t, "k")
	iss := newTestIssuer(t, key)
	v := newVerifier(t, iss.srv.URL)
	f := newFakeResolver(t)
	r := backend.NewResolver(f.srv.URL)
	expired := sign(t, key, with(iss.claims(), "exp", testNow.Add(-time.Hour).Unix()))
	good := sign(t, key, iss.claims())
	early := sign(t, key, with(iss.claims(), "nbf", testNow.Add(time.Hour).Unix()))

	tests := []struct {
		name string
		mw   func(http.Handler) http.Handler
		req  *http.Request
		want string
	}{
		{"expired", v.Middleware, bearerRequest("Bearer " + expired), "the access token expired"},
		{"not yet valid", v.Middleware, bearerRequest("Bearer " + early), "the access token is not valid yet"},
		{"bad signature", v.Middleware, bearerRequest("Bearer " + good[:len(good)-4] + "AAAA"), "the access token is invalid"},
		{"revoked session", r.Middleware, resolverRequest("Bearer revoked", ""), "the session is not valid or was revoked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, _ := serve(tt.mw, tt.req)
			var body struct {
				Description string `json:"error_description"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Description != tt.want {
				t.Errorf("error_description = %q (%v), want %q", body.Description, err, tt.want)
			}
		})
	}
}
