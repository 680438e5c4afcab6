package sdk_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

func TestFetchUserInfo_RefreshesThenAsks(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.expire()
	info, err := e.c.FetchUserInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Sub != devidp.DemoUsers()[0].Sub || !reflect.DeepEqual(info.Roles, []string{"admin", "reader"}) {
		t.Fatalf("info = %+v", info)
	}
	if n := e.count("token:refresh_token"); n != 1 {
		t.Fatalf("refresh grants = %d, want 1", n)
	}
	reqs := e.tr.requests("/oauth2/userinfo")
	last := reqs[len(reqs)-1]
	if last.Header["authorization"] != "Bearer "+e.c.Snapshot().AccessToken || last.Credentials != "omit" {
		t.Fatalf("userinfo request = %+v", last)
	}
}

func TestFetchUserInfo_NoSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	if _, err := e.c.FetchUserInfo(context.Background()); !errors.Is(err, sdk.ErrNoSession) {
		t.Fatalf("err = %v, want ErrNoSession", err)
	}
	if n := e.count("userinfo"); n != 0 {
		t.Fatalf("userinfo requests = %d, want 0", n)
	}
}

func TestFetchUserInfo_RevokedUserEndsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.idp.RevokeUserSessions("alice") // the management portal; the access token is unexpired
	_, err := e.c.FetchUserInfo(context.Background())
	var oe *sdk.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_token" {
		t.Fatalf("err = %v, want OAuthError invalid_token", err)
	}
	if ev := e.events.last(); ev != (event{sdk.SessionStateNoSession, sdk.ReasonInvalid}) {
		t.Fatalf("last event = %v", ev)
	}
	if e.c.Snapshot().AccessToken != "" || e.stored("refreshToken") != "" || e.stored("idToken") != "" {
		t.Fatal("tokens survived a 401")
	}
}

func TestFetchUserInfo_ServerFaultKeepsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	e.idp.InjectFault(devidp.Fault{Endpoint: "userinfo", Kind: devidp.FaultStatus, Status: 502})
	_, err := e.c.FetchUserInfo(context.Background())
	var se *sdk.ServerError
	if !errors.As(err, &se) || se.Status != 502 {
		t.Fatalf("err = %v, want ServerError 502", err)
	}
	if e.c.Snapshot().State != sdk.SessionStateAuthenticated {
		t.Fatal("a server fault ended the session")
	}
}

func TestUserInfo_FromProvider(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	u := e.login().UserInfo
	if u.Sub != devidp.DemoUsers()[0].Sub || u.IsAnonymous || !u.IsVerified || !u.CanReauthenticate ||
		!reflect.DeepEqual(u.Roles, []string{"admin", "reader"}) || !reflect.DeepEqual(u.CustomAttributes, map[string]any{"plan": "pro"}) {
		t.Fatalf("user info = %+v", u)
	}
	for claim, want := range map[string]any{"email": "alice@example.com", "email_verified": true,
		"preferred_username": "alice", "name": "Alice Liddell", "given_name": "Alice", "family_name": "Liddell"} {
		if !reflect.DeepEqual(u.Raw[claim], want) {
			t.Errorf("raw %s = %#v, want %#v", claim, u.Raw[claim], want)
		}
	}
	if _, ok := u.Raw["updated_at"].(float64); !ok {
		t.Errorf("updated_at = %#v, want a number", u.Raw["updated_at"])
	}
}

// assertJSSafe fails for any value syscall/js ValueOf would panic on.
func assertJSSafe(t *testing.T, path string, v any) {
	t.Helper()
	switch v := v.(type) {
	case nil, string, float64, bool:
	case map[string]any:
		for k, x := range v {
			assertJSSafe(t, path+"."+k, x)
		}
	case []any:
		for _, x := range v {
			assertJSSafe(t, path+"[]", x)
		}
	default:
		t.Errorf("%s: %T is not a JS-safe value", path, v)
	}
}

// emptyUnauthorized answers userinfo with a bare 401 and sends the rest to the provider.
type emptyUnauthorized struct{ next sdk.Transport }

func (t emptyUnauthorized) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	if strings.Contains(req.URL, "/oauth2/userinfo") {
		return &sdk.Response{Status: 401, Header: map[string]string{}}, nil
	}
	return t.next.Do(ctx, req)
}

func TestFetchUserInfo_Empty401EndsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.login()
	b := e.browser()
	b.Transport = emptyUnauthorized{e.tr}
	c := newContainer(t, "", b, sdk.WithClock(e.clock))
	if err := c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
		t.Fatal(err)
	}
	_, err := c.FetchUserInfo(context.Background()) // refreshes first: a new page load
	var se *sdk.ServerError
	if !errors.As(err, &se) || se.Status != 401 {
		t.Fatalf("err = %v, want ServerError 401", err)
	}
	if c.Snapshot().State != sdk.SessionStateNoSession || e.stored("refreshToken") != "" {
		t.Fatal("a 401 did not end the session")
	}
}
