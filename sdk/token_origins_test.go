package sdk_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// warnings records what the container writes to console.warn.
type warnings struct {
	mu   sync.Mutex // guards msgs
	msgs []string
}

func (w *warnings) warn(msg string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, msg)
}

func (w *warnings) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.msgs...)
}

func TestFetch_TheTokenGoesToThePageOriginAndTheListedOnesOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		apiOrigins []string
		url        string
		want       bool
	}{
		{name: "page origin by default", url: appOrigin + "/api", want: true},
		{name: "another https origin by default", url: "https://api.example.com/v1", want: false},
		{name: "a page-injected base href origin", url: "https://evil.example/steal", want: false},
		{name: "listed origin", apiOrigins: []string{"https://api.example.com"}, url: "https://api.example.com/v1", want: true},
		{name: "the page origin is kept when others are listed", apiOrigins: []string{"https://api.example.com"}, url: appOrigin + "/self", want: true},
		{name: "an empty list adds none", apiOrigins: []string{}, url: "https://api.example.com/v1", want: false},
		{name: "an empty list keeps the page", apiOrigins: []string{}, url: appOrigin + "/api", want: true},
		{name: "a loopback port is another origin", url: "http://127.0.0.1:1/x", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := signedIn(t, sdk.Options{APIOrigins: tt.apiOrigins})
			r := &appRequest{url: tt.url}
			if _, err := e.c.Fetch(context.Background(), r); err != nil || (r.sends()[0].Authorization != "") != tt.want {
				t.Fatalf("%s: token sent = %v, want %v (%v)", tt.url, r.sends()[0].Authorization != "", tt.want, err)
			}
			// Cookie mode decides credentials "include" with the same list.
			ce := newEnv(t, sdk.Options{SessionType: sdk.SessionTypeCookie, APIOrigins: tt.apiOrigins})
			ce.nav.SetLocation(appOrigin + "/")
			cr := &appRequest{url: tt.url}
			if _, err := ce.c.Fetch(context.Background(), cr); err != nil || cr.sends()[0] != (sdk.Credentials{IncludeCookies: tt.want}) {
				t.Fatalf("cookie mode %s: sent %+v, want IncludeCookies %v (%v)", tt.url, cr.sends(), tt.want, err)
			}
		})
	}
}

func TestFetch_ARequestSentWithoutTheTokenWarnsOncePerOrigin(t *testing.T) {
	t.Parallel()
	w := &warnings{}
	e := newEnv(t, sdk.Options{}, sdk.WithWarner(w.warn))
	e.login()
	e.nav.SetLocation(appOrigin + "/page")
	token := e.c.Snapshot().AccessToken
	for _, u := range []string{appOrigin + "/own", "https://api.example.com/a", "https://api.example.com/b", "https://other.example/c"} {
		if _, err := e.c.Fetch(context.Background(), &appRequest{url: u}); err != nil {
			t.Fatal(err)
		}
	}
	got := w.all()
	if len(got) != 2 {
		t.Fatalf("warnings %q, want one for each of the two origins that did not get the token", got)
	}
	for i, origin := range []string{"https://api.example.com", "https://other.example"} {
		if !strings.Contains(got[i], origin) || !strings.Contains(got[i], "apiOrigins") || strings.Contains(got[i], token) {
			t.Errorf("warning %q: want the origin %s and apiOrigins named, and never the token", got[i], origin)
		}
	}
}

func TestFetch_NoWarningWithoutASession(t *testing.T) {
	t.Parallel()
	w := &warnings{}
	e := newEnv(t, sdk.Options{}, sdk.WithWarner(w.warn))
	e.nav.SetLocation(appOrigin + "/page")
	if _, err := e.c.Fetch(context.Background(), &appRequest{url: "https://api.example.com/a"}); err != nil {
		t.Fatal(err)
	}
	if got := w.all(); len(got) != 0 {
		t.Fatalf("signed out, nothing was withheld, yet warned %q", got)
	}
}
