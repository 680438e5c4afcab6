package e2e

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// reauthState is what reauthentication may and may not change.
type reauthState struct {
	IDToken      idTokenView `json:"idToken"`
	RefreshToken string      `json:"refreshToken"`
	State        string      `json:"state"`
	Reasons      string      `json:"reasons"`
}

const reauthStateJS = `({ idToken: ` + idTokenViewJS + `, refreshToken: localStorage.getItem("authgear_default_refreshToken") ?? "",
  state: authgear.sessionState, reasons: demo.reasons.join(" ") })`

func TestReauthentication_DemoButtonRoundTrip(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/", wireRecorder)
	loginThroughForm(t, tb, "alice", "wonderland")
	var before reauthState
	tb.eval(reauthStateJS, &before)
	// auth_time counts seconds: let one pass, so the new one is observably later.
	waitUntil(t, "the next second", func() bool { return time.Now().UnixMilli() >= int64(before.IDToken.AuthTime)+1000 })

	mark := tb.requestCount()
	tb.run(chromedp.Click("#reauthenticate", chromedp.ByQuery))
	fillLoginForm(t, tb, srv.AppURL, "alice", "wonderland") // max_age=0: the form again, despite the IdP session
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && location.search.includes("flow=reauth") && document.querySelector("#output").textContent.includes("sub")`, 20*time.Second)

	var authorize *url.URL
	for _, r := range tb.requestsSince(mark) {
		if u, err := url.Parse(strings.TrimPrefix(r, "GET ")); err == nil && u.Path == "/oauth2/authorize" && authorize == nil {
			authorize = u
		}
	}
	if authorize == nil {
		t.Fatal("no authorize request seen")
	}
	q := authorize.Query()
	t.Logf("wire: startReauthentication: GET %s?%s", authorize.Path, redactQuery(q))
	for k, want := range map[string]string{"response_type": "code", "scope": "openid https://authgear.com/scopes/full-access",
		"id_token_hint": before.IDToken.Hint, "max_age": "0", "code_challenge_method": "S256", "x_sso_enabled": "false",
		"redirect_uri": srv.AppURL + "/?flow=reauth"} {
		if q.Get(k) != want {
			t.Errorf("authorize %s = %q, want %q", k, shorten(q.Get(k)), shorten(want))
		}
	}
	if q.Get("state") == "" || q.Get("state") == "demo-reauth" || q.Get("nonce") == "" || q.Has("prompt") {
		t.Errorf("authorize state/nonce/prompt: %s", redactQuery(q))
	}
	wire := wireSince(tb, 0)
	t.Logf("wire: finishReauthentication: %s", describeWire(wire))
	exchanged := false
	for _, r := range wire {
		if strings.HasPrefix(r.Body, "grant_type=authorization_code&") && strings.Contains(r.Body, "redirect_uri="+url.QueryEscape(srv.AppURL+"/?flow=reauth")) &&
			strings.Contains(r.Body, "code_verifier=") {
			exchanged = true
		}
	}
	if !exchanged {
		t.Fatalf("no code exchange with the original redirect URI and the verifier: %s", describeWire(wire))
	}

	var after reauthState
	tb.eval(reauthStateJS, &after)
	if after.IDToken.Hint == before.IDToken.Hint || after.IDToken.Hint != after.IDToken.Stored || after.IDToken.AuthTime <= before.IDToken.AuthTime {
		t.Fatalf("the ID token was not replaced with a later auth_time: before %v, after %v", before.IDToken, after.IDToken)
	}
	// The page is new: its only delegate call is configure's FOUND_TOKEN; finishing told nothing.
	if after.RefreshToken != before.RefreshToken || after.State != "AUTHENTICATED" || after.Reasons != "FOUND_TOKEN" {
		t.Fatalf("reauthentication changed the session: refresh token kept %t, state %s, reasons %q",
			after.RefreshToken == before.RefreshToken, after.State, after.Reasons)
	}
	var verifierLeft bool
	tb.eval(`Object.keys(localStorage).some((k) => k.includes("_oidc"))`, &verifierLeft)
	if verifierLeft {
		t.Fatal("one-time values left in storage after finishReauthentication")
	}

	// Without the claim (a cleared session) it refuses with a typed error, before any request.
	tb.eval(`authgear.clearSessionState().then(() => true)`, nil)
	mark = tb.requestCount()
	e := tb.evalError(`authgear.startReauthentication({ redirectURI: location.origin + "/" })`)
	if !e.IsAuthgear || e.Code != "cannot_reauthenticate" || len(tb.requestsSince(mark)) != 0 {
		t.Fatalf("startReauthentication without an ID token: %+v, requests %v", e, tb.requestsSince(mark))
	}
}

// redactQuery prints a query with the hint and challenge cut.
func redactQuery(q url.Values) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
		if k == "id_token_hint" || k == "code_challenge" || k == "login_hint" {
			c[k] = []string{"…"}
		}
	}
	return c.Encode()
}
