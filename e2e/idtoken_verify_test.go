package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// storedTokens is what localStorage holds of the session, compared without printing it.
type storedTokens struct {
	Refresh string `json:"refresh"`
	ID      string `json:"id"`
}

const storedTokensJS = `({ refresh: localStorage.getItem("authgear_default_refreshToken") ?? "", id: localStorage.getItem("authgear_default_idToken") ?? "" })`

// reloadSignedIn reloads the demo page: the access token is memory only, so the next
// refreshAccessTokenIfNeeded() sends the refresh grant.
func reloadSignedIn(tb *tab, url string) {
	tb.run(chromedp.Navigate(url))
	tb.waitFor(`typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
}

func TestIDTokenSignature_WebCryptoVerifiesEveryAlg(t *testing.T) {
	t.Parallel()
	for _, alg := range devidp.IDTokenAlgs {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			srv := startApp(t, devserver.Config{})
			if err := srv.IdP.SetIDTokenAlg(alg); err != nil {
				t.Fatal(err)
			}
			tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
			loginThroughForm(t, tb, "alice", "wonderland")
			var v idTokenView
			tb.eval(idTokenViewJS, &v)
			if got := payloadHeaderAlg(t, v.Hint); got != alg {
				t.Fatalf("the ID token is %s, want %s", got, alg)
			}
			reloadSignedIn(tb, srv.AppURL+"/")
			if e := tb.evalError(`authgear.refreshAccessTokenIfNeeded()`); e.Rejected {
				t.Fatalf("a refresh with an %s ID token: %+v", alg, e)
			}
			if e := tb.evalError(`authgear.refreshIDToken()`); e.Rejected {
				t.Fatalf("refreshIDToken with %s: %+v", alg, e)
			}
		})
	}
}

// payloadHeaderAlg is the alg of a JWT's header.
func payloadHeaderAlg(t *testing.T, raw string) string {
	t.Helper()
	header := strings.SplitN(raw, ".", 2)[0]
	alg, _ := payloadClaims(t, header+"."+header+".x")["alg"].(string)
	return alg
}

func TestIDToken_LoginRefusesHostileIDTokens(t *testing.T) {
	t.Parallel()
	for _, kind := range []devidp.FaultKind{devidp.FaultIDTokenAlgNone, devidp.FaultIDTokenBadSignature,
		devidp.FaultIDTokenExpired, devidp.FaultIDTokenForeignAZP} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			srv := startApp(t, devserver.Config{})
			srv.IdP.InjectFault(devidp.Fault{Endpoint: "token", Grant: "authorization_code", Kind: kind})
			tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
			tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState !== "UNKNOWN"`, 20*time.Second)
			tb.run(chromedp.Click("#login", chromedp.ByQuery))
			fillLoginForm(t, tb, srv.AppURL, "alice", "wonderland")
			tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && document.querySelector("#output").textContent.includes("invalid ID token")`, 20*time.Second)
			var got struct {
				State  string       `json:"state"`
				Output string       `json:"output"`
				Stored storedTokens `json:"stored"`
			}
			tb.eval(`({ state: authgear.sessionState, output: document.querySelector("#output").textContent, stored: `+storedTokensJS+` })`, &got)
			if got.State != "NO_SESSION" || got.Stored != (storedTokens{}) || !strings.HasPrefix(got.Output, "AuthgearError") {
				t.Fatalf("after a %s ID token: state %s, tokens stored %t, output %q; want NO_SESSION, nothing stored, an AuthgearError",
					kind, got.State, got.Stored != (storedTokens{}), shorten(got.Output))
			}
		})
	}
}

func TestIDToken_RefreshRefusesHostileIDTokensAndKeepsTheSession(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	for _, kind := range []devidp.FaultKind{devidp.FaultIDTokenAlgNone, devidp.FaultIDTokenBadSignature,
		devidp.FaultIDTokenExpired, devidp.FaultIDTokenForeignAZP, devidp.FaultIDTokenForeignSub} {
		reloadSignedIn(tb, srv.AppURL+"/")
		var before storedTokens
		tb.eval(storedTokensJS, &before)
		srv.IdP.InjectFault(devidp.Fault{Endpoint: "token", Grant: "refresh_token", Kind: kind})
		e := tb.evalError(`authgear.refreshAccessTokenIfNeeded()`)
		var after storedTokens
		tb.eval(storedTokensJS, &after)
		if !e.Rejected || !e.IsAuthgear || e.Code != "invalid_id_token" || e.SessionState != "AUTHENTICATED" || after != before {
			t.Fatalf("a refresh answering a %s ID token: %+v, tokens kept %t; want invalid_id_token, AUTHENTICATED, tokens kept",
				kind, e, after == before)
		}
		if e := tb.evalError(`authgear.refreshAccessTokenIfNeeded()`); e.Rejected {
			t.Fatalf("the refresh after the %s one: %+v", kind, e)
		}
	}
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "userinfo", Kind: devidp.FaultUserInfoForeignSub})
	if e := tb.evalError(`authgear.fetchUserInfo()`); e.Code != "userinfo_sub_mismatch" || e.SessionState != "AUTHENTICATED" {
		t.Fatalf("userinfo for another sub: %+v, want userinfo_sub_mismatch and the session kept", e)
	}
	if e := tb.evalError(`authgear.fetchUserInfo()`); e.Rejected {
		t.Fatalf("the next fetchUserInfo: %+v", e)
	}
}
