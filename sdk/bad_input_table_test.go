package sdk_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

// badInput is one row of the bad-input table: what the provider (or the browser) does
// wrong, the call that meets it, and what the caller must see.
type badInput struct {
	name string
	// faults are queued on devidp before the call; spoil, when set, changes the
	// discovery document instead.
	faults []devidp.Fault
	spoil  func(doc map[string]any)
	// storage, when set, wraps the page's storage for this row.
	storage func(e *env, base sdk.Storage) sdk.Storage
	// during, when set, runs while the refresh grant is on the wire.
	during func(e *env)
	call   string // "refresh" (default), "userinfo" or "logout"
	// kind is the error class; sentinel, when set, must match too. "" kind: no error.
	kind     sdk.Kind
	sentinel error
	// ended: the row ends the session (invalid_grant, a sign-out elsewhere).
	ended bool
}

const deepJSON = `{"access_token":"x","a":` // + 20,000 nested arrays, see badInputs

func badInputs() []badInput {
	tok := func(f devidp.Fault) []devidp.Fault {
		f.Endpoint, f.Grant = "token", "refresh_token"
		return []devidp.Fault{f}
	}
	disc := func(f devidp.Fault) []devidp.Fault { f.Endpoint = "discovery"; return []devidp.Fault{f} }
	deep := deepJSON + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}"
	html := map[string]string{"Content-Type": "text/html"}
	return []badInput{
		{name: "token 503", faults: tok(devidp.Fault{Kind: devidp.FaultStatus, Status: 503}), kind: sdk.KindServer},
		{name: "token 503 with Retry-After", faults: tok(devidp.Fault{Kind: devidp.FaultStatus, Status: 503, Header: map[string]string{"Retry-After": "120"}}), kind: sdk.KindServer},
		{name: "token 500", faults: tok(devidp.Fault{Kind: devidp.FaultStatus, Status: 500}), kind: sdk.KindServer},
		{name: "token 502 HTML error page", faults: tok(devidp.Fault{Kind: devidp.FaultBody, Status: 502, Header: html, Body: "<html><h1>Bad Gateway</h1></html>"}), kind: sdk.KindServer},
		{name: "token 400 HTML error page", faults: tok(devidp.Fault{Kind: devidp.FaultBody, Status: 400, Header: html, Body: "<html>Bad Request</html>"}), kind: sdk.KindServer},
		{name: "token 200 HTML page", faults: tok(devidp.Fault{Kind: devidp.FaultBody, Status: 200, Header: html, Body: "<html>captive portal</html>"}), kind: sdk.KindServer},
		{name: "token 302 redirect", faults: tok(devidp.Fault{Kind: devidp.FaultRedirect, Location: "http://127.0.0.1:1/elsewhere"}), kind: sdk.KindNetwork},
		{name: "token malformed JSON", faults: tok(devidp.Fault{Kind: devidp.FaultMalformed}), kind: sdk.KindServer},
		{name: "token dropped connection", faults: tok(devidp.Fault{Kind: devidp.FaultDrop}), kind: sdk.KindNetwork},
		{name: "token never answers", faults: tok(devidp.Fault{Kind: devidp.FaultDelay, Delay: time.Minute}), kind: sdk.KindNetwork, sentinel: sdk.ErrTimeout},
		{name: "token 64 MiB body", faults: tok(devidp.Fault{Kind: devidp.FaultHuge, Size: 64 << 20}), kind: sdk.KindServer, sentinel: sdk.ErrResponseTooLarge},
		{name: "token 20,000 nested arrays", faults: tok(devidp.Fault{Kind: devidp.FaultBody, Body: deep}), kind: sdk.KindServer, sentinel: sdk.ErrJSONTooDeep},
		{name: "token 200 without access_token", faults: tok(devidp.Fault{Kind: devidp.FaultBody, Body: `{"token_type":"Bearer"}`}), kind: sdk.KindServer},
		{name: "token 201 with tokens", faults: tok(devidp.Fault{Kind: devidp.FaultBody, Status: 201, Body: `{"access_token":"a","refresh_token":"r"}`}), kind: sdk.KindServer},
		{name: "token 200 JSON array", faults: tok(devidp.Fault{Kind: devidp.FaultBody, Body: `["access_token"]`}), kind: sdk.KindServer},
		{name: "token invalid_request", faults: tok(devidp.Fault{Kind: devidp.FaultStatus, Status: 400, Code: "invalid_request"}), kind: sdk.KindOAuth},
		{name: "token invalid_client", faults: tok(devidp.Fault{Kind: devidp.FaultStatus, Status: 401, Code: "invalid_client"}), kind: sdk.KindOAuth},
		{name: "token invalid_grant", faults: tok(devidp.Fault{Kind: devidp.FaultStatus, Status: 400, Code: "invalid_grant"}), ended: true},
		{name: "discovery 503", faults: disc(devidp.Fault{Kind: devidp.FaultStatus, Status: 503}), kind: sdk.KindServer, sentinel: sdk.ErrDiscovery},
		{name: "discovery HTML page", faults: disc(devidp.Fault{Kind: devidp.FaultBody, Header: html, Body: "<html>maintenance</html>"}), kind: sdk.KindServer, sentinel: sdk.ErrDiscovery},
		// A dropped GET is retried once by the HTTP client, as by browsers: drop every try.
		{name: "discovery dropped connection", faults: disc(devidp.Fault{Kind: devidp.FaultDrop, Times: 5}), kind: sdk.KindNetwork, sentinel: sdk.ErrDiscovery},
		{name: "discovery never answers", faults: disc(devidp.Fault{Kind: devidp.FaultDelay, Delay: time.Minute}), kind: sdk.KindNetwork, sentinel: sdk.ErrTimeout},
		{name: "discovery 64 MiB body", faults: disc(devidp.Fault{Kind: devidp.FaultHuge, Size: 64 << 20}), kind: sdk.KindServer, sentinel: sdk.ErrResponseTooLarge},
		{name: "discovery 20,000 nested objects", faults: disc(devidp.Fault{Kind: devidp.FaultBody, Body: strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000)}), kind: sdk.KindServer, sentinel: sdk.ErrJSONTooDeep},
		{name: "discovery missing token_endpoint", spoil: func(d map[string]any) { delete(d, "token_endpoint") }, kind: sdk.KindAuthgear, sentinel: sdk.ErrInvalidDiscovery},
		{name: "discovery missing authorization_endpoint", spoil: func(d map[string]any) { delete(d, "authorization_endpoint") }, kind: sdk.KindAuthgear, sentinel: sdk.ErrInvalidDiscovery},
		{name: "discovery javascript: authorization_endpoint", spoil: func(d map[string]any) { d["authorization_endpoint"] = "javascript:alert(1)" }, kind: sdk.KindAuthgear, sentinel: sdk.ErrInvalidDiscovery},
		{name: "discovery plain-http token_endpoint", spoil: func(d map[string]any) { d["token_endpoint"] = "http://idp.example/token" }, kind: sdk.KindAuthgear, sentinel: sdk.ErrInvalidDiscovery},
		{name: "discovery foreign issuer", spoil: func(d map[string]any) { d["issuer"] = "https://evil.example" }, kind: sdk.KindAuthgear, sentinel: sdk.ErrInvalidDiscovery},
		{name: "userinfo 503", call: "userinfo", faults: []devidp.Fault{{Endpoint: "userinfo", Kind: devidp.FaultStatus, Status: 503}}, kind: sdk.KindServer},
		{name: "userinfo HTML page", call: "userinfo", faults: []devidp.Fault{{Endpoint: "userinfo", Kind: devidp.FaultBody, Header: html, Body: "<html>oops</html>"}}, kind: sdk.KindServer},
		{name: "userinfo 64 MiB body", call: "userinfo", faults: []devidp.Fault{{Endpoint: "userinfo", Kind: devidp.FaultHuge, Size: 64 << 20}}, kind: sdk.KindServer, sentinel: sdk.ErrResponseTooLarge},
		{name: "userinfo never answers", call: "userinfo", faults: []devidp.Fault{{Endpoint: "userinfo", Kind: devidp.FaultDelay, Delay: time.Minute}}, kind: sdk.KindNetwork, sentinel: sdk.ErrTimeout},
		{name: "revocation 503 on logout", call: "logout", faults: []devidp.Fault{{Endpoint: "revoke", Kind: devidp.FaultStatus, Status: 503}}, kind: sdk.KindServer},
		{name: "revocation dropped on logout", call: "logout", faults: []devidp.Fault{{Endpoint: "revoke", Kind: devidp.FaultDrop}}, kind: sdk.KindNetwork},
		{name: "storage QuotaExceededError during the refresh", storage: quotaAfterConfigure, kind: ""},
		{name: "storage cleared by another tab mid-refresh", during: func(e *env) { _ = e.storage.Delete(keyPrefix + "refreshToken") }, ended: true},
	}
}

// quotaStorage refuses every write once armed, as a full localStorage does.
type quotaStorage struct {
	sdk.Storage
	armed atomic.Bool
}

func (q *quotaStorage) Set(k, v string) error {
	if q.armed.Load() {
		return errors.New("QuotaExceededError: the quota has been exceeded")
	}
	return q.Storage.Set(k, v)
}

// quotaAfterConfigure is the page's localStorage behind the fallback the bridge uses,
// full from the refresh on.
func quotaAfterConfigure(e *env, base sdk.Storage) sdk.Storage {
	q := &quotaStorage{Storage: base}
	e.idp.SetRotateRefreshTokens(true)
	e.tr.setHook(func(r *sdk.Request) {
		if strings.Contains(r.Body, "grant_type=refresh_token") {
			q.armed.Store(true)
		}
	})
	return sdk.NewFallbackStorage(nil, q)
}

func TestBadInputTable(t *testing.T) {
	t.Parallel()
	rows := badInputs()
	t.Logf("%d bad inputs and faults", len(rows))
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			runBadInput(t, row)
		})
	}
}

// runBadInput signs alice in, loads a new page (a new container on the same storage,
// discovery not yet fetched, no access token), meets the fault, and checks the outcome.
func runBadInput(t *testing.T, row badInput) {
	e := newEnv(t, sdk.Options{})
	e.login()
	rt := e.stored("refreshToken")
	doc := e.discoveryDoc()
	b := e.browser()
	if row.storage != nil {
		b.Storage = row.storage(e, e.storage)
	}
	c := newContainer(t, "", b, sdk.WithClock(e.clock))
	if err := c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer, Timeout: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if row.spoil != nil {
		row.spoil(doc)
		e.serveDiscovery(doc)
	}
	for _, f := range row.faults {
		e.idp.InjectFault(f)
	}
	if row.during != nil {
		e.tr.setHook(func(r *sdk.Request) {
			if strings.Contains(r.Body, "grant_type=refresh_token") {
				row.during(e)
			}
		})
	}
	err := badInputCall(c, row.call)
	e.tr.setHook(nil)
	switch {
	case row.kind == "" && err != nil:
		t.Fatalf("err = %v, want the call to succeed", err)
	case row.kind != "" && (err == nil || sdk.KindOf(err) != row.kind):
		t.Fatalf("err = %v (%s), want %s", err, sdk.KindOf(err), row.kind)
	case row.sentinel != nil && !errors.Is(err, row.sentinel):
		t.Fatalf("err = %v, want it to match %v", err, row.sentinel)
	}
	wantState, wantRT := sdk.SessionStateAuthenticated, rt
	if row.ended {
		wantState, wantRT = sdk.SessionStateNoSession, ""
	}
	if row.storage != nil {
		wantRT = rt // the full store keeps what it had; the rotated token lives in the fallback
	}
	if s := c.Snapshot().State; s != wantState || e.stored("refreshToken") != wantRT {
		t.Fatalf("state %s (want %s), stored refresh token as expected: %v", s, wantState, e.stored("refreshToken") == wantRT)
	}
	// The next call works once the provider is well again.
	e.idp.ClearFaults()
	if err := badInputCall(c, row.call); err != nil && !(row.ended && errors.Is(err, sdk.ErrNoSession)) {
		t.Fatalf("the next call: %v", err)
	}
}

// badInputCall makes the row's call; logout's next call is a refresh (it is one-shot).
func badInputCall(c *sdk.Container, call string) error {
	switch call {
	case "userinfo":
		_, err := c.FetchUserInfo(context.Background())
		return err
	case "logout":
		if c.Snapshot().State == sdk.SessionStateAuthenticated {
			return c.Logout(context.Background(), sdk.LogoutOptions{})
		}
		return nil
	default:
		return c.RefreshAccessTokenIfNeeded(context.Background())
	}
}
