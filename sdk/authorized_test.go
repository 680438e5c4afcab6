package sdk_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// appRequest is an app's request as the bridge presents it: what the core decides on,
// and a server whose answers the test scripts. It records the credentials of every send.
type appRequest struct {
	url, method                string
	own, ownCreds, oneShotBody bool
	answer                     func(attempt int, creds sdk.Credentials) (sdk.Reply, error)

	mu   sync.Mutex // guards sent
	sent []sdk.Credentials
}

func (r *appRequest) URL() string            { return r.url }
func (r *appRequest) Method() string         { return r.method }
func (r *appRequest) OwnAuthorization() bool { return r.own }
func (r *appRequest) OwnCredentials() bool   { return r.ownCreds }
func (r *appRequest) Replayable() bool       { return !r.oneShotBody }

func (r *appRequest) Send(_ context.Context, creds sdk.Credentials) (sdk.Reply, error) {
	r.mu.Lock()
	r.sent = append(r.sent, creds)
	n := len(r.sent)
	r.mu.Unlock()
	if r.answer == nil {
		return &sdk.Response{Status: 200}, nil
	}
	return r.answer(n, creds)
}

func (r *appRequest) sends() []sdk.Credentials {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sdk.Credentials(nil), r.sent...)
}

// rejectFirst answers the first attempt with 401 and challenge, later ones with 200.
func rejectFirst(challenge string) func(int, sdk.Credentials) (sdk.Reply, error) {
	return func(attempt int, _ sdk.Credentials) (sdk.Reply, error) {
		if attempt == 1 {
			return &sdk.Response{Status: 401, Header: map[string]string{"www-authenticate": challenge}}, nil
		}
		return &sdk.Response{Status: 200}, nil
	}
}

// signedIn is an env with alice signed in on a page of appOrigin.
func signedIn(t *testing.T, opts sdk.Options) *env {
	t.Helper()
	e := newEnv(t, opts)
	e.login()
	e.nav.SetLocation(appOrigin + "/page")
	return e
}

func TestFetch_RefreshesOnlyForAllowedOrigins(t *testing.T) {
	t.Parallel()
	e := signedIn(t, sdk.Options{})
	e.expire()
	before := e.count("token:refresh_token")

	// A third party over plain http: no token, and no refresh for it either.
	tracker := &appRequest{url: "http://tracker.example/collect"}
	if _, err := e.c.Fetch(context.Background(), tracker); err != nil || tracker.sends()[0] != (sdk.Credentials{}) ||
		e.count("token:refresh_token") != before {
		t.Fatalf("plain-http third party: sent %+v, %v (refreshes %d)", tracker.sends(), err, e.count("token:refresh_token")-before)
	}
	// The page's own origin: refreshed first, then the Bearer header.
	own := &appRequest{url: appOrigin + "/api/me"}
	if _, err := e.c.Fetch(context.Background(), own); err != nil ||
		own.sends()[0].Authorization != "Bearer "+e.c.Snapshot().AccessToken || e.count("token:refresh_token") != before+1 {
		t.Fatalf("same origin: sent %+v, %v", own.sends(), err)
	}
}

func TestFetch_APIOriginsAddOrigins(t *testing.T) {
	t.Parallel()
	e := signedIn(t, sdk.Options{APIOrigins: []string{"https://api.example.com"}})
	for url, want := range map[string]bool{
		"https://api.example.com/v1":   true,
		"https://app.example.com/self": true, // the page's own origin is always allowed
		"https://other.example.com/":   false,
	} {
		r := &appRequest{url: url}
		if _, err := e.c.Fetch(context.Background(), r); err != nil || (r.sends()[0].Authorization != "") != want {
			t.Errorf("%s: token sent = %v, want %v (%v)", url, r.sends()[0].Authorization != "", want, err)
		}
	}
}

func TestFetch_CallersOwnAuthorizationIsKept(t *testing.T) {
	t.Parallel()
	e := signedIn(t, sdk.Options{})
	e.expire()
	before := e.count("token:refresh_token")
	r := &appRequest{url: appOrigin + "/api", own: true, answer: rejectFirst(`Bearer error="invalid_token"`)}
	reply, err := e.c.Fetch(context.Background(), r)
	if err != nil || reply.StatusCode() != 401 || len(r.sends()) != 1 || r.sends()[0] != (sdk.Credentials{}) {
		t.Fatalf("own header: %v %v, sent %+v; want it sent once, untouched, and its 401 returned", reply, err, r.sends())
	}
	if e.count("token:refresh_token") != before {
		t.Fatal("a request carrying its own Authorization refreshed the session's token")
	}
}

func TestFetch_CookieModeIncludesCookiesOnlyForAllowedOrigins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		apiOrigins []string
		url        string
		ownCreds   bool
		want       bool
	}{
		{name: "page origin", url: appOrigin + "/api", want: true},
		{name: "another https origin", url: "https://api.example.com/v1", want: false},
		{name: "the caller's own credentials mode", url: appOrigin + "/api", ownCreds: true, want: false},
		{name: "another loopback port", url: "http://127.0.0.1:1/x", want: false},
		{name: "plain http elsewhere", url: "http://tracker.example/collect", want: false},
		{name: "listed origin", apiOrigins: []string{"http://127.0.0.1:1"}, url: "http://127.0.0.1:1/x", want: true},
		{name: "page origin, not listed", apiOrigins: []string{"http://127.0.0.1:1"}, url: appOrigin + "/api", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, sdk.Options{SessionType: sdk.SessionTypeCookie, APIOrigins: tt.apiOrigins})
			e.nav.SetLocation(appOrigin + "/")
			r := &appRequest{url: tt.url, ownCreds: tt.ownCreds}
			if _, err := e.c.Fetch(context.Background(), r); err != nil || r.sends()[0] != (sdk.Credentials{IncludeCookies: tt.want}) {
				t.Fatalf("cookie mode: sent %+v, %v; want IncludeCookies %v and no header", r.sends(), err, tt.want)
			}
		})
	}
}

func TestFetch_InvalidTokenRefreshesOnceAndReplaysOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		challenge   string
		oneShotBody bool
		wantSends   int
	}{
		{name: "invalid_token", challenge: `Bearer error="invalid_token"`, wantSends: 2},
		{name: "a 401 without invalid_token", challenge: `Bearer realm="api"`, wantSends: 1},
		{name: "a one-shot body is not replayed", challenge: `Bearer error="invalid_token"`, oneShotBody: true, wantSends: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := signedIn(t, sdk.Options{})
			before, used := e.count("token:refresh_token"), "Bearer "+e.c.Snapshot().AccessToken
			r := &appRequest{url: appOrigin + "/api", oneShotBody: tt.oneShotBody, answer: rejectFirst(tt.challenge)}
			reply, err := e.c.Fetch(context.Background(), r)
			sent := r.sends()
			if err != nil || len(sent) != tt.wantSends || sent[0].Authorization != used {
				t.Fatalf("sent %+v, %v; want %d sends, the first with the current token", sent, err, tt.wantSends)
			}
			if tt.wantSends == 1 {
				if reply.StatusCode() != 401 || e.count("token:refresh_token") != before {
					t.Fatalf("not replayed: status %d, refreshes %d; want the 401 and no refresh", reply.StatusCode(), e.count("token:refresh_token")-before)
				}
				return
			}
			if reply.StatusCode() != 200 || sent[1].Authorization == used || sent[1].Authorization != "Bearer "+e.c.Snapshot().AccessToken ||
				e.count("token:refresh_token") != before+1 {
				t.Fatalf("replay: status %d, sent %+v, refreshes %d", reply.StatusCode(), sent, e.count("token:refresh_token")-before)
			}
		})
	}
}

func TestFetch_AStaleTokenReplaysWithTheNewOneWithoutARefresh(t *testing.T) {
	t.Parallel()
	e := signedIn(t, sdk.Options{})
	old := "Bearer " + e.c.Snapshot().AccessToken
	before := e.count("token:refresh_token")
	// Request a leaves with the old token; its 401 arrives after request b's 401 has
	// already refreshed the token.
	aSent, bDone := make(chan struct{}), make(chan struct{})
	a := &appRequest{url: appOrigin + "/a", answer: func(attempt int, c sdk.Credentials) (sdk.Reply, error) {
		if attempt == 1 {
			close(aSent)
			<-bDone
		}
		return rejectFirst(`Bearer error="invalid_token"`)(attempt, c)
	}}
	aReply := make(chan sdk.Reply, 1)
	go func() {
		reply, err := e.c.Fetch(context.Background(), a)
		if err != nil {
			t.Error(err)
		}
		aReply <- reply
	}()
	<-aSent
	b := &appRequest{url: appOrigin + "/b", answer: rejectFirst(`Bearer error="invalid_token"`)}
	if reply, err := e.c.Fetch(context.Background(), b); err != nil || reply.StatusCode() != 200 {
		t.Fatalf("b: %v %v", reply, err)
	}
	close(bDone)
	if reply := <-aReply; reply == nil || reply.StatusCode() != 200 {
		t.Fatalf("a: %v, want 200 after the replay", reply)
	}
	sent := a.sends()
	if len(sent) != 2 || sent[0].Authorization != old || sent[1].Authorization != "Bearer "+e.c.Snapshot().AccessToken ||
		e.count("token:refresh_token") != before+1 {
		t.Fatalf("a sent %+v, refreshes %d; want the old token, then the new one, and b's refresh only", sent, e.count("token:refresh_token")-before)
	}
}

func TestFetch_RevokedSessionEndsAndTheCallerGetsThe401(t *testing.T) {
	t.Parallel()
	e := signedIn(t, sdk.Options{})
	e.idp.RevokeUserSessions("alice")
	r := &appRequest{url: appOrigin + "/api", answer: rejectFirst(`Bearer error="invalid_token"`)}
	reply, err := e.c.Fetch(context.Background(), r)
	if err != nil || reply.StatusCode() != 401 || len(r.sends()) != 1 {
		t.Fatalf("revoked: %v %v, sends %d; want the 401, not replayed", reply, err, len(r.sends()))
	}
	if e.c.Snapshot().State != sdk.SessionStateNoSession || e.events.last().Reason != sdk.ReasonInvalid {
		t.Fatalf("state %s reason %s, want NO_SESSION / INVALID", e.c.Snapshot().State, e.events.last().Reason)
	}
}

func TestFetch_SenderErrorsAreReturnedUnchanged(t *testing.T) {
	t.Parallel()
	e := signedIn(t, sdk.Options{})
	aborted := errors.New("AbortError: the user aborted a request")
	r := &appRequest{url: appOrigin + "/api", answer: func(int, sdk.Credentials) (sdk.Reply, error) { return nil, aborted }}
	if _, err := e.c.Fetch(context.Background(), r); err != aborted {
		t.Fatalf("err = %v, want the sender's own error, unwrapped", err)
	}
	if e.c.Snapshot().State != sdk.SessionStateAuthenticated {
		t.Fatal("a failed app request touched the session")
	}
}

func TestFetch_NotConfigured(t *testing.T) {
	t.Parallel()
	c := newContainer(t, "", sdk.Browser{Transport: &httpTransport{}, URLs: netURLParser{}, Crypto: stdCrypto{},
		Navigator: &fakeNavigator{}, Storage: sdk.NewMemoryStorage(), Verifier: sdk.GoVerifier{}})
	r := &appRequest{url: appOrigin + "/api"}
	if _, err := c.Fetch(context.Background(), r); !errors.Is(err, sdk.ErrNotConfigured) || len(r.sends()) != 0 {
		t.Fatalf("err = %v, sends %d; want ErrNotConfigured and nothing sent", err, len(r.sends()))
	}
}

func TestNewContainer_EveryBrowserAdapterIsRequired(t *testing.T) {
	t.Parallel()
	full := sdk.Browser{Transport: &httpTransport{}, URLs: netURLParser{}, Crypto: stdCrypto{}, Navigator: &fakeNavigator{}, Storage: sdk.NewMemoryStorage(),
		Verifier: sdk.GoVerifier{}}
	for name, drop := range map[string]func(*sdk.Browser){
		"Transport": func(b *sdk.Browser) { b.Transport = nil }, "URLs": func(b *sdk.Browser) { b.URLs = nil },
		"Crypto": func(b *sdk.Browser) { b.Crypto = nil }, "Navigator": func(b *sdk.Browser) { b.Navigator = nil },
		"Storage": func(b *sdk.Browser) { b.Storage = nil }, "Verifier": func(b *sdk.Browser) { b.Verifier = nil },
	} {
		b := full
		drop(&b)
		if c, err := sdk.NewContainer("", b); c != nil || !errors.Is(err, sdk.ErrMissingAdapter) {
			t.Errorf("without %s: %v, %v; want ErrMissingAdapter", name, c, err)
		}
	}
}
