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
	e := newEnv(t, sdk.Options{})
	if _, err := e.c.FetchUserInfo(context.Background()); !errors.Is(err, sdk.ErrNoSession) {
		t.Fatalf("err = %v, want ErrNoSession", err)
	}
	if n := e.count("userinfo"); n != 0 {
		t.Fatalf("userinfo requests = %d, want 0", n)
	}
}

func TestFetchUserInfo_RevokedUserEndsSession(t *testing.T) {
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

func TestUserInfo_MapFromProvider(t *testing.T) {
	e := newEnv(t, sdk.Options{})
	m := e.login().UserInfo.Map()
	want := map[string]any{
		"sub": devidp.DemoUsers()[0].Sub, "isAnonymous": false, "isVerified": true, "canReauthenticate": true,
		"roles": []any{"admin", "reader"}, "customAttributes": map[string]any{"plan": "pro"},
		"email": "alice@example.com", "emailVerified": true, "preferredUsername": "alice",
		"name": "Alice Liddell", "givenName": "Alice", "familyName": "Liddell",
	}
	for k, v := range want {
		if !reflect.DeepEqual(m[k], v) {
			t.Errorf("%s = %#v, want %#v", k, m[k], v)
		}
	}
	if _, ok := m["updatedAt"].(float64); !ok {
		t.Errorf("updatedAt = %#v, want a number", m["updatedAt"])
	}
	if raw, ok := m["raw"].(map[string]any); !ok || raw["email"] != "alice@example.com" {
		t.Errorf("raw = %#v", m["raw"])
	}
	for _, absent := range []string{"phoneNumber", "address", "middleName"} {
		if _, ok := m[absent]; ok {
			t.Errorf("%s present without a claim", absent)
		}
	}
	assertJSSafe(t, "userInfo", m)
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
	e := newEnv(t, sdk.Options{})
	e.login()
	c := sdk.NewContainer("", sdk.WithStorage(e.storage), sdk.WithClock(e.clock), sdk.WithURLParser(netURLParser{}),
		sdk.WithTransport(emptyUnauthorized{e.tr}), sdk.WithCrypto(stdCrypto{}), sdk.WithNavigator(e.nav))
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
