package sdk_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

func TestDPoP_LoginBindsTheKey(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	authURL, err := d.c.MakeAuthorizeURL(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI})
	if err != nil {
		t.Fatal(err)
	}
	key, ok := d.keys.stored()
	if !ok {
		t.Fatal("no key was saved at the first login")
	}
	d.authorize(authURL, "login")
	u, _ := url.Parse(authURL)
	if got := u.Query().Get("dpop_jkt"); got != keyThumbprint(key) {
		t.Fatalf("dpop_jkt = %q, want the key's RFC 7638 thumbprint %q", got, keyThumbprint(key))
	}
	if _, err := d.c.FinishAuthentication(context.Background()); err != nil {
		t.Fatal(err)
	}
	proofs := d.front.tokenProofs()
	if len(proofs) != 1 {
		t.Fatalf("the code exchange sent %d proofs, want 1", len(proofs))
	}
	p := proofs[0]
	if p.jkt != keyThumbprint(key) || p.claim("htm") != "POST" || p.claim("htu") != d.issuer+"/oauth2/token" ||
		p.claim("jti") == "" || p.claim("ath") != "" || p.claims["nonce"] != nil {
		t.Fatalf("code exchange proof: %+v", p)
	}
	if iat, _ := p.claims["iat"].(json.Number).Int64(); iat != d.clock.Now().Unix() {
		t.Fatalf("iat = %d, want %d", iat, d.clock.Now().Unix())
	}
	if snap := d.c.Snapshot(); snap.TokenType != "DPoP" || d.stored("tokenType") != "DPoP" {
		t.Fatalf("token type: snapshot %q, stored %q; want DPoP", snap.TokenType, d.stored("tokenType"))
	}
	// A second login keeps the one key of the container.
	d.login()
	if d.keys.generated != 1 {
		t.Fatalf("%d keys generated for two logins, want 1", d.keys.generated)
	}
}

func TestDPoP_RefreshSendsAFreshProofEachTime(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.login()
	for i := 0; i < 2; i++ {
		d.expire()
		if err := d.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	proofs := d.front.tokenProofs()
	if len(proofs) != 3 {
		t.Fatalf("%d token requests with proofs, want 3 (code + 2 refreshes)", len(proofs))
	}
	seen := map[string]bool{}
	for _, p := range proofs {
		if seen[p.claim("jti")] || p.jkt != proofs[0].jkt {
			t.Fatalf("proofs reuse a jti or change key: %+v", proofs)
		}
		seen[p.claim("jti")] = true
	}
	if d.c.Snapshot().TokenType != "DPoP" {
		t.Fatalf("after refresh: token type %q", d.c.Snapshot().TokenType)
	}
}

func TestDPoP_NonceDemandIsAnsweredOnce(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.idp.SetDPoP(devidp.DPoPSettings{Enabled: true, NonceRequired: true})
	first := d.idp.RotateDPoPNonce()
	d.login()
	proofs := d.front.tokenProofs()
	if len(proofs) != 2 || proofs[0].claims["nonce"] != nil || proofs[1].claim("nonce") != first {
		t.Fatalf("code exchange: proofs %+v, want one without nonce then one with the provider's", proofs)
	}
	// The nonce is kept: the next refresh carries it at once.
	d.expire()
	if err := d.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if proofs = d.front.tokenProofs(); len(proofs) != 3 || proofs[2].claim("nonce") != first {
		t.Fatalf("refresh with a known nonce: %d proofs, last nonce %q", len(proofs), proofs[len(proofs)-1].claim("nonce"))
	}
	// The provider rotates it: one more retry, with the new one.
	second := d.idp.RotateDPoPNonce()
	d.expire()
	if err := d.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if proofs = d.front.tokenProofs(); len(proofs) != 5 || proofs[4].claim("nonce") != second {
		t.Fatalf("after rotation: %d proofs, last nonce %q", len(proofs), proofs[len(proofs)-1].claim("nonce"))
	}
}

func TestDPoP_FetchSendsTheTokenWithAProof(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.login()
	d.nav.SetLocation(appOrigin + "/page")
	token := d.c.Snapshot().AccessToken
	r := &appRequest{url: appOrigin + "/api/items?page=2#top", method: "PUT"}
	if _, err := d.c.Fetch(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	sent := r.sends()[0]
	if sent.Authorization != "DPoP "+token {
		t.Fatalf("Authorization %q, want the DPoP scheme", sent.Authorization)
	}
	p := mustProof(t, sent.DPoP)
	key, _ := d.keys.stored()
	if p.claim("htm") != "PUT" || p.claim("htu") != appOrigin+"/api/items" || p.claim("ath") != athOf(token) || p.jkt != keyThumbprint(key) {
		t.Fatalf("resource proof: %+v", p.claims)
	}
	// A third party the token may not go to gets neither the token nor a proof.
	other := &appRequest{url: "http://tracker.example/collect", method: "GET"}
	if _, err := d.c.Fetch(context.Background(), other); err != nil || other.sends()[0] != (sdk.Credentials{}) {
		t.Fatalf("third party got %+v (%v)", other.sends(), err)
	}
	// userinfo is a resource request too: the provider accepts the token with its proof.
	if _, err := d.c.FetchUserInfo(context.Background()); err != nil {
		t.Fatalf("fetchUserInfo with a DPoP token: %v", err)
	}
}

func TestDPoP_ResourceServerNonceIsAnsweredOnce(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.login()
	d.nav.SetLocation(appOrigin + "/page")
	r := &appRequest{url: appOrigin + "/api", method: "GET", answer: func(attempt int, creds sdk.Credentials) (sdk.Reply, error) {
		if mustProof(t, creds.DPoP).claim("nonce") != "rs-1" {
			return &sdk.Response{Status: 401, Header: map[string]string{
				"www-authenticate": `DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"`,
				"dpop-nonce":       "rs-1"}}, nil
		}
		return &sdk.Response{Status: 200}, nil
	}}
	reply, err := d.c.Fetch(context.Background(), r)
	if err != nil || reply.StatusCode() != 200 || len(r.sends()) != 2 {
		t.Fatalf("status %v, %d sends, %v; want 200 after one retry", reply, len(r.sends()), err)
	}
	// The token endpoint's origin has its own nonces: the page's did not leak to it.
	d.expire()
	if err := d.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if last := d.front.tokenProofs(); last[len(last)-1].claims["nonce"] != nil {
		t.Fatalf("the provider got the resource server's nonce: %+v", last[len(last)-1].claims)
	}
}

func TestDPoP_InvalidTokenChallengeRefreshesAndReplaysWithANewProof(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.login()
	d.nav.SetLocation(appOrigin + "/page")
	old := d.c.Snapshot().AccessToken
	r := &appRequest{url: appOrigin + "/api", method: "POST", answer: rejectFirst(`DPoP error="invalid_token", algs="ES256"`)}
	reply, err := d.c.Fetch(context.Background(), r)
	sends := r.sends()
	if err != nil || reply.StatusCode() != 200 || len(sends) != 2 {
		t.Fatalf("%d sends, %v; want a refresh and one replay", len(sends), err)
	}
	fresh := d.c.Snapshot().AccessToken
	first, second := mustProof(t, sends[0].DPoP), mustProof(t, sends[1].DPoP)
	if fresh == old || sends[1].Authorization != "DPoP "+fresh || second.claim("ath") != athOf(fresh) ||
		first.claim("ath") != athOf(old) || second.claim("jti") == first.claim("jti") {
		t.Fatalf("the replay: Authorization for the new token %v, ath %v", sends[1].Authorization == "DPoP "+fresh, second.claim("ath") == athOf(fresh))
	}
}

func TestDPoP_BearerAnswerStaysBearer(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.front.bearerOnly = true // it lists DPoP, but ignores dpop_jkt and proofs: Bearer tokens
	authURL, err := d.c.MakeAuthorizeURL(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(authURL)
	q := u.Query()
	q.Del("dpop_jkt")
	u.RawQuery = q.Encode()
	d.authorize(u.String(), "login")
	if _, err := d.c.FinishAuthentication(context.Background()); err != nil {
		t.Fatal(err)
	}
	d.nav.SetLocation(appOrigin + "/page")
	r := &appRequest{url: appOrigin + "/api", method: "GET"}
	if _, err := d.c.Fetch(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if sent := r.sends()[0]; sent.Authorization != "Bearer "+d.c.Snapshot().AccessToken || sent.DPoP != "" {
		t.Fatalf("a Bearer token went as %+v", sent)
	}
}

func TestDPoP_OffWithoutTheProviderOrWithTheOption(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		advertise bool
		opts      sdk.Options
	}{
		"provider without DPoP": {advertise: false},
		"dpop: false":           {advertise: true, opts: sdk.Options{DisableDPoP: true}},
		"cookie mode":           {advertise: true, opts: sdk.Options{SessionType: sdk.SessionTypeCookie}},
	} {
		t.Run(name, func(t *testing.T) {
			d := newDPoPEnv(t, tc.opts, tc.advertise)
			authURL, err := d.c.MakeAuthorizeURL(context.Background(), sdk.AuthenticateOptions{RedirectURI: redirectURI})
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(authURL)
			if u.Query().Has("dpop_jkt") || d.keys.generated != 0 {
				t.Fatalf("dpop_jkt %q, %d keys made", u.Query().Get("dpop_jkt"), d.keys.generated)
			}
			if tc.opts.SessionType == sdk.SessionTypeCookie {
				return
			}
			d.authorize(authURL, "login")
			if _, err := d.c.FinishAuthentication(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n := len(d.front.tokenProofs()); n != 0 || d.c.Snapshot().TokenType != "Bearer" {
				t.Fatalf("%d proofs sent, token type %q", n, d.c.Snapshot().TokenType)
			}
		})
	}
}
