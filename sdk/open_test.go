package sdk_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// fakeTab records what Open does with the tab the caller opened.
type fakeTab struct {
	navigated string
	closed    bool
}

func (f *fakeTab) Navigate(u string) error { f.navigated = u; return nil }
func (f *fakeTab) Close()                  { f.closed = true }

func TestOpen_AppSessionTokenThenAuthorizeInTheTab(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	tab := &fakeTab{}
	if err := e.c.Open(context.Background(), sdk.PageSettings, sdk.OpenOptions{UILocales: []string{"fr", "en"}}, tab); err != nil {
		t.Fatal(err)
	}
	reqs := e.tr.requests("/oauth2/app_session_token")
	if len(reqs) != 1 || reqs[0].Body != `{"refresh_token":"`+e.stored("refreshToken")+`"}` || reqs[0].Header["content-type"] != "application/json" ||
		reqs[0].Header["authorization"] == "" {
		t.Fatalf("app session token requests = %+v", reqs)
	}
	u, err := url.Parse(tab.navigated)
	if err != nil || tab.closed || e.nav.lastAssigned() != "" {
		t.Fatalf("tab navigated to %q (closed %t), this tab to %q", tab.navigated, tab.closed, e.nav.lastAssigned())
	}
	q := u.Query()
	if q.Get("response_type") != "none" || q.Get("prompt") != "none" || q.Get("redirect_uri") != e.issuer+"/settings?ui_locales=fr%20en" ||
		!strings.HasPrefix(q.Get("login_hint"), "https://authgear.com/login_hint?type=app_session_token&app_session_token=") {
		t.Fatalf("authorize query = %v", q)
	}
	// The provider spends the token once and lands on the page.
	if loc := e.follow(tab.navigated); !strings.HasPrefix(loc, e.issuer+"/settings?ui_locales=fr") {
		t.Fatalf("authorize redirected to %q", loc)
	}
	if loc := e.follow(tab.navigated); !strings.Contains(loc, "error=invalid_grant") {
		t.Fatal("the app session token was accepted twice")
	}
}

func TestOpen_DeadRefreshTokenEndsSessionAndClosesTab(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.idp.RevokeUserSessions("alice")
	e.expire()
	tab := &fakeTab{}
	err := e.c.Open(context.Background(), sdk.PageSettings, sdk.OpenOptions{}, tab)
	if err == nil || !tab.closed || tab.navigated != "" {
		t.Fatalf("err %v, tab %+v", err, tab)
	}
	if e.c.Snapshot().State != sdk.SessionStateNoSession {
		t.Fatal("a dead refresh token kept the session")
	}
}

func TestOpen_CookieModeGoesStraightToThePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{SessionType: sdk.SessionTypeCookie})
	if err := e.c.Open(context.Background(), sdk.PageIdentities, sdk.OpenOptions{OpenInSameTab: true}, nil); err != nil {
		t.Fatal(err)
	}
	if got := e.nav.lastAssigned(); got != e.issuer+"/settings/identities" {
		t.Fatalf("assigned %q", got)
	}
	if err := e.c.Open(context.Background(), "/elsewhere", sdk.OpenOptions{}, &fakeTab{}); !errors.Is(err, sdk.ErrInvalidOptions) {
		t.Fatalf("unknown page: %v", err)
	}
}
