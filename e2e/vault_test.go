package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp/upstream"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// signInThroughUpstream starts the login through the upstream connection — with the
// given connectionProperties (a JS object literal), or by the demo's "Log in with
// Upstream" button (offline access) when there are none — signs in at the upstream's own
// form and waits until the demo page has finished the login.
func signInThroughUpstream(t *testing.T, tb *tab, connectionProperties string) {
	t.Helper()
	app := tb.origin()
	tb.waitForPage(app, `typeof demo !== "undefined" && authgear.sessionState !== "UNKNOWN"`, 20*time.Second)
	if connectionProperties == "" {
		tb.run(chromedp.Click("#login-upstream", chromedp.ByQuery))
	} else {
		tb.eval(`void authgear.startAuthentication({ redirectURI: demo.redirectURI, oauthProviderAlias: "upstream", connectionProperties: `+connectionProperties+` })`, nil)
	}
	fillLoginForm(t, tb, app, "alice", "looking-glass")
	tb.waitForPage(app, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED" && document.querySelector("#output").textContent.includes("sub")`, 20*time.Second)
}

// upstreamMe calls the upstream's API from the page with a token and returns the status.
func upstreamMe(tb *tab, srv *devserver.Server, token string) int {
	var status int
	tb.eval(`fetch(`+jsString(srv.UpstreamURL+"/v1/me")+`, { headers: { Authorization: "Bearer " + `+jsString(token)+` } }).then(r => r.status)`, &status)
	return status
}

type vaultAnswer struct {
	AccessToken string `json:"accessToken"`
	ExpiresAt   string `json:"expiresAt"`
}

func TestVault_UpstreamSignInRefreshOnceAndRevocation(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	signInThroughUpstream(t, tb, "") // the demo's button: offline access
	if n := srv.Upstream.Counts()["login"]; n != 1 {
		t.Fatalf("upstream logins %d, want 1: the sign-in did not go through the upstream form", n)
	}
	// The demo's "Call Upstream /v1/me": the vault's token works at the upstream's API.
	tb.run(chromedp.Click("#connection", chromedp.ByQuery))
	tb.waitFor(`document.querySelector("#output").textContent.includes("alice@example.com")`, 10*time.Second)

	var first, named vaultAnswer
	tb.eval(`authgear.getConnectionCredentials()`, &first)
	tb.eval(`authgear.getConnectionCredentials("upstream", { timeout: 5000 })`, &named)
	if !strings.HasPrefix(first.AccessToken, upstream.AccessTokenPrefix) || first.ExpiresAt == "" || named.AccessToken != first.AccessToken {
		t.Fatalf("vault: %q… / %q…, expiresAt %q", prefix(first.AccessToken), prefix(named.AccessToken), first.ExpiresAt)
	}

	// The upstream access token runs out: ten concurrent calls, one upstream refresh.
	srv.Upstream.ExpireAccessTokens("alice")
	srv.IdP.ExpireConnectionCredentials("alice", "upstream")
	srv.Upstream.ResetCounts()
	srv.IdP.ResetCounts()
	var tokens []string
	tb.eval(`Promise.all(Array.from({ length: 10 }, () => authgear.getConnectionCredentials())).then(a => a.map(c => c.accessToken))`, &tokens)
	refreshes := srv.Upstream.Counts()["token:refresh_token"]
	t.Logf("measure: %d upstream refreshes for %d concurrent getConnectionCredentials calls", refreshes, len(tokens))
	for _, tok := range tokens {
		if tok != tokens[0] || tok == first.AccessToken {
			t.Fatalf("concurrent answers differ or are the expired token: %v", tokens)
		}
	}
	if n := srv.IdP.Counts()["credentials"]; n != 10 {
		t.Fatalf("the vault saw %d requests, want 10 (the SDK must not coalesce them)", n)
	}
	if refreshes != 1 {
		t.Fatalf("%d upstream refreshes for 10 concurrent calls, want 1", refreshes)
	}
	if upstreamMe(tb, srv, first.AccessToken) != 401 || upstreamMe(tb, srv, tokens[0]) != 200 {
		t.Fatal("the upstream must refuse the expired token and accept the refreshed one")
	}

	// The user revokes the app's access upstream: a clear error, the session stays.
	srv.Upstream.RevokeRefreshTokens("alice")
	srv.IdP.ExpireConnectionCredentials("alice", "upstream")
	e := tb.evalError(`authgear.getConnectionCredentials()`)
	if !e.Rejected || e.Name != "OAuthError" || e.Error != "consent_required" || e.Status != 409 || e.SessionState != "AUTHENTICATED" {
		t.Fatalf("revoked upstream refresh token: %+v, want OAuthError consent_required with the session kept", e)
	}
	var sub string
	tb.eval(`authgear.fetchUserInfo().then(u => u.sub)`, &sub)
	if sub == "" {
		t.Fatal("the wasmgear session did not survive")
	}
}

func TestVault_OnlineSignInStoresNoRefreshToken(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	signInThroughUpstream(t, tb, `{ scope: "profile calendar", access_type: "online" }`)

	var got vaultAnswer
	tb.eval(`authgear.getConnectionCredentials()`, &got)
	var scope string
	tb.eval(`fetch(`+jsString(srv.UpstreamURL+"/v1/me")+`, { headers: { Authorization: "Bearer " + `+jsString(got.AccessToken)+` } }).then(r => r.json()).then(b => b.scope)`, &scope)
	if scope != "profile calendar" {
		t.Fatalf("the token of an online sign-in must work until it expires, with the scope asked for: %q", scope)
	}
	srv.Upstream.ExpireAccessTokens("alice")
	srv.IdP.ExpireConnectionCredentials("alice", "upstream")
	e := tb.evalError(`authgear.getConnectionCredentials()`)
	if !e.Rejected || e.Error != "consent_required" || e.SessionState != "AUTHENTICATED" {
		t.Fatalf("expired online token: %+v, want consent_required with the session kept", e)
	}
	if n := srv.Upstream.Counts()["token:refresh_token"]; n != 0 {
		t.Fatalf("the vault tried %d upstream refreshes without a refresh token", n)
	}
	if e := tb.evalError(`authgear.startAuthentication({ redirectURI: demo.redirectURI, connectionProperties: { accessType: "offline" } })`); !e.Rejected || e.Code != "invalid_options" || !strings.Contains(e.Message, "connectionProperties.accessType") {
		t.Fatalf("a misspelt connection property: %+v", e)
	}
}
