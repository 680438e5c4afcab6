package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// wireRecorder is an init script that records every fetch the page makes (the SDK's
// transport calls the global fetch), so a test sees the wire as the browser sent it.
const wireRecorder = `(() => {
  const real = window.fetch;
  window.__wire = [];
  window.fetch = function (input, init) {
    const h = (init && init.headers) || {};
    window.__wire.push({ method: (init && init.method) || "GET", url: String(input instanceof Request ? input.url : input),
      credentials: (init && init.credentials) || "", authorization: h.authorization || h.Authorization || "", dpop: h.dpop || "",
      body: init && typeof init.body === "string" ? init.body : "" });
    return real.apply(this, arguments);
  };
})()`

// wireRequest is one recorded fetch.
type wireRequest struct {
	Method, URL, Credentials, Authorization, Body string
	DPoP                                          string // the DPoP proof header (RFC 9449 §4.1)
}

// wireSince returns the fetches recorded after a mark taken with len(wire).
func wireSince(tb *tab, mark int) []wireRequest {
	var all []wireRequest
	tb.eval(`window.__wire`, &all)
	return all[mark:]
}

// describeWire is the recorded fetches without secrets: token values are cut.
func describeWire(reqs []wireRequest) string {
	var b strings.Builder
	for _, r := range reqs {
		auth := "none"
		if r.Authorization != "" {
			auth = strings.SplitN(r.Authorization, " ", 2)[0] + " …"
		}
		fmt.Fprintf(&b, "\n  %s %s credentials=%s authorization=%s body=%s", r.Method, r.URL, r.Credentials, auth, redactBody(r.Body))
	}
	return b.String()
}

// jsonSecretRE finds token values in a JSON body.
var jsonSecretRE = regexp.MustCompile(`"(refresh_token|access_token|app_session_token)":"[^"]*"`)

// redactBody cuts the values of the token-bearing form or JSON fields.
func redactBody(body string) string {
	if strings.HasPrefix(body, "{") {
		return jsonSecretRE.ReplaceAllString(body, `"$1":"…"`)
	}
	pairs := strings.Split(body, "&")
	for i, p := range pairs {
		k, _, ok := strings.Cut(p, "=")
		if ok && (k == "refresh_token" || k == "code" || k == "code_verifier" || k == "token") {
			pairs[i] = k + "=…"
		}
	}
	return strings.Join(pairs, "&")
}

func wireMark(tb *tab) int {
	var n int
	tb.eval(`window.__wire.length`, &n)
	return n
}

// idTokenView is what the helpers answer, next to what storage holds.
type idTokenView struct {
	Hint      string  `json:"hint"`
	Stored    string  `json:"stored"`
	CanReauth bool    `json:"canReauth"`
	AuthTime  float64 `json:"authTime"` // ms; -1 for undefined
}

// String keeps tokens out of the test log: only whether they are there and agree.
func (v idTokenView) String() string {
	return fmt.Sprintf("{hint:%t stored:%t same:%t canReauthenticate:%t authTime:%v}", v.Hint != "", v.Stored != "", v.Hint == v.Stored, v.CanReauth, v.AuthTime)
}

const idTokenViewJS = `({ hint: authgear.getIDTokenHint() ?? "", stored: localStorage.getItem("authgear_default_idToken") ?? "",
  canReauth: authgear.canReauthenticate(), authTime: authgear.getAuthTime() ? authgear.getAuthTime().getTime() : -1 })`

// payloadClaims decodes a JWT payload, unverified (the test reads what the page holds).
func payloadClaims(t *testing.T, raw string) map[string]any {
	t.Helper()
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", shorten(raw))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIDTokenHelpersAndRefreshIDToken(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/", wireRecorder)
	loginThroughForm(t, tb, "alice", "wonderland")

	var v idTokenView
	tb.eval(idTokenViewJS, &v)
	claims := payloadClaims(t, v.Hint)
	if v.Hint == "" || v.Hint != v.Stored || !v.CanReauth || v.AuthTime < 0 {
		t.Fatalf("after login: %v, want the stored ID token, canReauthenticate true and an auth time", v)
	}
	if at, _ := claims["auth_time"].(float64); int64(v.AuthTime) != int64(at)*1000 {
		t.Fatalf("getAuthTime() = %v ms, the ID token's auth_time is %v s", v.AuthTime, at)
	}
	for _, c := range []string{"sid", "https://authgear.com/claims/user/can_reauthenticate", "https://authgear.com/claims/user/roles"} {
		if _, ok := claims[c]; !ok {
			t.Errorf("the ID token lacks %s: %v", c, claims)
		}
	}

	// A reload keeps the helpers working: configure restores the stored ID token.
	tb.run(chromedp.Navigate(srv.AppURL + "/"))
	tb.waitFor(`typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	var after idTokenView
	tb.eval(idTokenViewJS, &after)
	if after != v {
		t.Fatalf("after a reload: %v, want %v", after, v)
	}

	// refreshIDToken: the ID-token grant, Bearer, cookies omitted; the new token is kept.
	mark, grants := wireMark(tb), srv.IdP.Counts()["token:urn:authgear:params:oauth:grant-type:id-token"]
	tb.eval(`authgear.refreshIDToken().then(() => true)`, nil)
	wire := wireSince(tb, mark)
	var token []wireRequest
	for _, r := range wire {
		if strings.Contains(r.Body, "grant-type%3Aid-token") {
			token = append(token, r)
		}
	}
	t.Logf("wire: refreshIDToken after a reload: %s", describeWire(wire))
	wantBody := "grant_type=urn%3Aauthgear%3Aparams%3Aoauth%3Agrant-type%3Aid-token&client_id=" + srv.ClientID
	if len(token) != 1 || token[0].Method != "POST" || token[0].Body != wantBody ||
		!strings.HasPrefix(token[0].Authorization, "DPoP ") || token[0].DPoP == "" || token[0].Credentials != "omit" {
		t.Fatalf("refreshIDToken sent %s, want one POST %s with the DPoP token and a proof, credentials omit", describeWire(wire), wantBody)
	}
	if got := srv.IdP.Counts()["token:urn:authgear:params:oauth:grant-type:id-token"]; got != grants+1 {
		t.Fatalf("provider answered %d ID-token grants, want %d", got, grants+1)
	}
	tb.eval(idTokenViewJS, &after)
	if after.Hint == "" || after.Hint != after.Stored || !after.CanReauth {
		t.Fatalf("after refreshIDToken: %v", after)
	}

	// A provider without the grant: OAuthError, the session stays.
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "token", Grant: "urn:authgear:params:oauth:grant-type:id-token", Status: 400, Code: "unsupported_grant_type"})
	e := tb.evalError(`authgear.refreshIDToken()`)
	var state string
	tb.eval(`authgear.sessionState`, &state)
	if e.Name != "OAuthError" || e.Error != "unsupported_grant_type" || state != "AUTHENTICATED" {
		t.Fatalf("unsupported_grant_type: %v, state %s; want OAuthError and the session kept", e, state)
	}

	// A malformed stored token: undefined/false, never a throw.
	tb.eval(`localStorage.setItem("authgear_default_idToken", "not.a-jwt"); true`, nil)
	tb.run(chromedp.Navigate(srv.AppURL + "/"))
	tb.waitFor(`typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	tb.eval(idTokenViewJS, &after)
	if after.Hint != "not.a-jwt" || after.CanReauth || after.AuthTime != -1 {
		t.Fatalf("malformed ID token: %v, want the raw hint, false and no auth time", after)
	}

	// The session revoked at the provider while this page holds an access token: the
	// ID-token grant answers invalid_grant, which ends the session (INVALID).
	tb.eval(`authgear.refreshAccessTokenIfNeeded().then(() => true)`, nil)
	srv.IdP.RevokeUserSessions("alice")
	mark = wireMark(tb)
	e = tb.evalError(`authgear.refreshIDToken()`)
	t.Logf("wire: refreshIDToken of a revoked session: %s", describeWire(wireSince(tb, mark)))
	var reasons string
	tb.eval(`demo.reasons.join(" ")`, &reasons)
	tb.eval(idTokenViewJS, &after)
	tb.eval(`authgear.sessionState`, &state)
	if e.Name != "OAuthError" || e.Error != "invalid_grant" || state != "NO_SESSION" ||
		!strings.HasSuffix(reasons, "INVALID") || after.Hint != "" || after.Stored != "" {
		t.Fatalf("invalid_grant: %v, state %s, reasons %q, %v; want NO_SESSION/INVALID and no ID token", e, state, reasons, after)
	}
}

func TestRefreshIDToken_CookieModeSendsTheSessionCookie(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{ResolverMode: true, ResolverCacheTTL: devserver.NoResolverCache})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/?mode=cookie", wireRecorder)
	loginWithCookie(t, tb, "alice", "wonderland")
	var v idTokenView
	tb.eval(idTokenViewJS, &v)
	if v.Hint != "" || v.CanReauth {
		t.Fatalf("cookie mode before refreshIDToken: %v, want no ID token (none is issued)", v)
	}
	mark := wireMark(tb)
	tb.eval(`authgear.refreshIDToken().then(() => true)`, nil)
	wire := wireSince(tb, mark)
	t.Logf("wire: refreshIDToken in cookie mode: %s", describeWire(wire))
	var last wireRequest // the grant; the JWKS fetch that verifies its ID token may follow
	for _, r := range wire {
		if strings.Contains(r.Body, "grant-type%3Aid-token") {
			last = r
		}
	}
	if !strings.Contains(last.Body, "grant-type%3Aid-token") || last.Credentials != "include" || last.Authorization != "" {
		t.Fatalf("cookie-mode refreshIDToken sent %s, want the ID-token grant with credentials include and no Authorization", describeWire(wire))
	}
	tb.eval(idTokenViewJS, &v)
	if v.Hint == "" || v.Hint != v.Stored || !v.CanReauth || v.AuthTime < 0 {
		t.Fatalf("cookie mode after refreshIDToken: %v, want the stored ID token with its claims", v)
	}
}
