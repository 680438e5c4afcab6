package e2e

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// wireProof is a DPoP proof as it went out (RFC 9449 §4.2), decoded; the provider and
// the backend check its signature, the test checks what it says.
type wireProof struct {
	Header struct {
		Typ, Alg string
		JWK      map[string]string
	}
	Claims struct {
		JTI, HTM, HTU, Nonce, ATH string
		IAT                       int64
	}
}

// decodeProof decodes a proof's header and claims, failing the test on a malformed one.
func decodeProof(t *testing.T, raw string) wireProof {
	t.Helper()
	var p wireProof
	parts := strings.Split(raw, ".")
	if len(parts) != 3 || decodeJWTPart(parts[0], &p.Header) != nil || decodeJWTPart(parts[1], &p.Claims) != nil {
		t.Fatalf("not a DPoP proof: %q", shorten(raw))
	}
	return p
}

func decodeJWTPart(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// jwkThumbprint is RFC 7638's thumbprint of an EC public JWK, computed here, not by the SDK.
func jwkThumbprint(jwk map[string]string) string {
	b, _ := json.Marshal(map[string]string{"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"], "y": jwk["y"]})
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// accessTokenJKT is the cnf.jkt claim of a JWT access token (RFC 9449 §6.1), "" if none.
func accessTokenJKT(t *testing.T, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	var claims struct {
		Cnf struct {
			JKT string `json:"jkt"`
		} `json:"cnf"`
	}
	if len(parts) != 3 || decodeJWTPart(parts[1], &claims) != nil {
		t.Fatalf("the access token is not a JWT")
	}
	return claims.Cnf.JKT
}

// tokenRequests are the recorded POSTs to a token endpoint (devidp's /oauth2/token,
// oidc-provider's /token) with grant.
func tokenRequests(wire []wireRequest, grant string) []wireRequest {
	var out []wireRequest
	for _, r := range wire {
		if strings.HasSuffix(r.URL, "/token") && strings.Contains(r.Body, "grant_type="+grant) {
			out = append(out, r)
		}
	}
	return out
}

// storedKeyJS reads the container's key record from IndexedDB as any script of the page
// could, and tries to export the private key.
const storedKeyJS = `(async () => {
  const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const db = await req(indexedDB.open("wasmgear"));
  const rec = await req(db.transaction("ledger").objectStore("ledger").get("authgear_default_dpopKey"));
  db.close();
  if (!rec) return { found: false };
  const k = rec.privateKey;
  const exports = await Promise.all(["jwk", "pkcs8"].map((f) => crypto.subtle.exportKey(f, k).then(() => "exported", (e) => e.name)));
  return { found: true, type: k.type, extractable: k.extractable, algorithm: k.algorithm.name + " " + k.algorithm.namedCurve, exports };
})()`

// storedKey is what storedKeyJS answers.
type storedKey struct {
	Found       bool
	Type        string
	Extractable bool
	Algorithm   string
	Exports     []string
}

func TestDPoP_LoginBindsANonExtractableKeyAndRefreshesWithProofs(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: 3 * time.Second})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/", wireRecorder)
	loginThroughForm(t, tb, "alice", "wonderland")

	// The callback page's code exchange carried a proof of the key the access token is bound to.
	codes := tokenRequests(wireSince(tb, 0), "authorization_code")
	if len(codes) != 1 || codes[0].DPoP == "" {
		t.Fatalf("code exchange: %s, want one POST with a DPoP proof", describeWire(codes))
	}
	p := decodeProof(t, codes[0].DPoP)
	if p.Header.Typ != "dpop+jwt" || p.Header.Alg != "ES256" || p.Header.JWK["d"] != "" || p.Claims.HTM != "POST" ||
		p.Claims.HTU != srv.IdPURL+"/oauth2/token" || p.Claims.JTI == "" || p.Claims.IAT == 0 {
		t.Fatalf("code exchange proof: %+v", p)
	}
	jkt := jwkThumbprint(p.Header.JWK)
	var token string
	tb.eval(`authgear.accessToken`, &token)
	if got := accessTokenJKT(t, token); got != jkt {
		t.Fatalf("access token cnf.jkt %q, want the proof key's thumbprint %q", got, jkt)
	}

	// The private key is in IndexedDB as a CryptoKey no script can export.
	var key storedKey
	tb.eval(storedKeyJS, &key)
	if !key.Found || key.Type != "private" || key.Extractable || key.Algorithm != "ECDSA P-256" ||
		len(key.Exports) != 2 || key.Exports[0] == "exported" || key.Exports[1] == "exported" {
		t.Fatalf("stored key: %+v, want a non-extractable ECDSA P-256 private key whose export rejects", key)
	}

	// Each refresh sends a new proof of the same key; the new token is bound to it too.
	mark := wireMark(tb)
	for i := 0; i < 2; i++ {
		tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
		tb.eval(`authgear.refreshAccessTokenIfNeeded().then(() => true)`, nil)
	}
	refreshes := tokenRequests(wireSince(tb, mark), "refresh_token")
	if len(refreshes) != 2 || refreshes[0].DPoP == "" || refreshes[1].DPoP == "" {
		t.Fatalf("refreshes: %s, want two with proofs", describeWire(refreshes))
	}
	a, b := decodeProof(t, refreshes[0].DPoP), decodeProof(t, refreshes[1].DPoP)
	if jwkThumbprint(a.Header.JWK) != jkt || jwkThumbprint(b.Header.JWK) != jkt || a.Claims.JTI == b.Claims.JTI || a.Claims.JTI == p.Claims.JTI {
		t.Fatalf("refresh proofs change key or repeat a jti: %+v %+v", a.Claims, b.Claims)
	}
	tb.eval(`authgear.accessToken`, &token)
	if accessTokenJKT(t, token) != jkt {
		t.Fatal("the refreshed access token is not bound to the key")
	}
	t.Logf("wire of one refresh with DPoP: %s\n  DPoP proof header %s claims %+v", describeWire(refreshes[1:]), "typ=dpop+jwt alg=ES256 jwk=EC P-256", b.Claims)

	// Logout removes the key.
	tb.eval(`authgear.logout().then(() => true)`, nil)
	tb.eval(storedKeyJS, &key)
	if key.Found {
		t.Fatal("the key outlived logout")
	}
}

func TestDPoP_StolenRefreshTokenFailsInAnotherBrowser(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	victim := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, victim, "alice", "wonderland")
	var stolen string
	victim.eval(`localStorage.getItem("authgear_default_refreshToken")`, &stolen)

	// A fresh profile: the attacker's page has the refresh token but not the key.
	thief := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	thief.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	thief.eval(`localStorage.setItem("authgear_default_refreshToken", `+jsString(stolen)+`); true`, nil)
	thief.run(chromedp.Reload())
	thief.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	thief.expectConsoleErrors() // the browser logs the token endpoint's 400
	e := thief.evalError(`authgear.refreshAccessTokenIfNeeded()`)
	if !e.Rejected || e.Error != "invalid_dpop_proof" || e.Status != 400 {
		t.Fatalf("the stolen token's refresh: %+v, want the token endpoint's 400 invalid_dpop_proof", e)
	}
	var accessToken any
	thief.eval(`authgear.accessToken === undefined ? null : "present"`, &accessToken)
	if accessToken != nil {
		t.Fatal("the stolen refresh token bought an access token")
	}
	// The victim's session is untouched: its next refresh works.
	if e := victim.evalError(`authgear.refreshIDToken()`); e.Rejected {
		t.Fatalf("the victim's session after the theft: %+v", e)
	}
}

func TestDPoP_NonceRotationIsHandled(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: 3 * time.Second})
	srv.IdP.SetDPoP(devidp.DPoPSettings{Enabled: true, NonceRequired: true})
	first := srv.IdP.RotateDPoPNonce()
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/", wireRecorder)
	tb.expectConsoleErrors() // each use_dpop_nonce answer is a 400 the browser logs
	loginThroughForm(t, tb, "alice", "wonderland")
	codes := tokenRequests(wireSince(tb, 0), "authorization_code")
	if len(codes) != 2 || decodeProof(t, codes[0].DPoP).Claims.Nonce != "" || decodeProof(t, codes[1].DPoP).Claims.Nonce != first {
		t.Fatalf("code exchange with a nonce required: %s, want a retry carrying the provider's nonce", describeWire(codes))
	}
	refresh := func() []wireRequest {
		mark := wireMark(tb)
		tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
		tb.eval(`authgear.refreshAccessTokenIfNeeded().then(() => authgear.sessionState)`, nil)
		return tokenRequests(wireSince(tb, mark), "refresh_token")
	}
	// Nonces live in the page's memory: the demo's page after the callback learns it again
	// (at most one retry), then keeps it.
	if r := refresh(); len(r) < 1 || len(r) > 2 || decodeProof(t, r[len(r)-1].DPoP).Claims.Nonce != first {
		t.Fatalf("first refresh on this page: %s, want the provider's nonce after at most one retry", describeWire(r))
	}
	if r := refresh(); len(r) != 1 || decodeProof(t, r[0].DPoP).Claims.Nonce != first {
		t.Fatalf("refresh with the nonce known: %s, want one request carrying it", describeWire(r))
	}
	rotated := srv.IdP.RotateDPoPNonce()
	if r := refresh(); len(r) != 2 || decodeProof(t, r[1].DPoP).Claims.Nonce != rotated {
		t.Fatalf("refresh after the provider rotated its nonce: %s, want one retry with the new nonce", describeWire(r))
	}
	var state string
	tb.eval(`authgear.sessionState`, &state)
	if state != "AUTHENTICATED" {
		t.Fatalf("after the nonce rotation: %s", state)
	}
}

// sdkAuthorization is the Authorization header authgear.fetch sends with token against
// devidp, which binds tokens to the browser's key by default: the DPoP scheme (RFC 9449 §7.1).
func sdkAuthorization(token string) string { return "DPoP " + token }

// An anonymous sign-up issues tokens, so it proves the key like a login: the grant and
// its access token are bound, and signing up again (the same anonymous user) proves the
// same key with the bound token.
func TestDPoP_AnonymousSignUpIsBound(t *testing.T) {
	t.Parallel()
	srv := anonymousApp(t)
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/", wireRecorder)
	tb.waitFor(`window.configured === true`, 20*time.Second)
	var token string
	for round := 0; round < 2; round++ {
		mark := wireMark(tb)
		tb.eval(`authgear.authenticateAnonymously().then(() => authgear.accessToken)`, &token)
		var signUps []wireRequest
		for _, r := range wireSince(tb, mark) {
			if strings.HasSuffix(r.URL, "/api/anonymous_user/signup") {
				signUps = append(signUps, r)
			}
		}
		if len(signUps) != 1 || signUps[0].DPoP == "" {
			t.Fatalf("sign-up %d: %s, want one POST with a proof", round, describeWire(signUps))
		}
		p := decodeProof(t, signUps[0].DPoP)
		if p.Claims.HTU != srv.IdPURL+"/api/anonymous_user/signup" || accessTokenJKT(t, token) != jwkThumbprint(p.Header.JWK) {
			t.Fatalf("sign-up %d: proof %+v; the access token is not bound to its key", round, p.Claims)
		}
		if wantAuth := map[int]bool{0: false, 1: true}[round]; (signUps[0].Authorization != "") != wantAuth || (round == 1 && p.Claims.ATH == "") {
			t.Fatalf("sign-up %d: Authorization %q, ath %q", round, strings.SplitN(signUps[0].Authorization, " ", 2)[0], p.Claims.ATH)
		}
	}
}

// All tabs of the origin share the key in IndexedDB, so the one refresh of a storm, made by
// whichever tab won the lock, serves every tab, and every call goes out DPoP-bound.
func TestDPoP_FourTabStormStillMakesOneRefresh(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{AccessTokenLifetime: stormTokenLifetime, RotateRefreshTokens: true})
	tabs := openSignedInTabs(t, srv, 4)
	srv.ResetAPIRequests()
	if grants := storm(t, srv, tabs, 25); grants != 1 {
		t.Fatalf("4 tabs × 25 fetches with DPoP: %d refresh grants, want 1", grants)
	}
	reqs := srv.APIRequests()
	for _, r := range reqs {
		if !strings.HasPrefix(r.Authorization, "DPoP ") {
			t.Fatalf("a storm call went as %q, want the DPoP scheme", prefix(r.Authorization))
		}
	}
	if len(reqs) != 100 {
		t.Fatalf("the API saw %d calls, want 100", len(reqs))
	}
}
