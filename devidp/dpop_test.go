package devidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/internal/dpop/dpoptest"
)

// postToken posts a token request with a DPoP header (none when proof is "").
func (h *harness) postToken(form url.Values, proof string) (*http.Response, map[string]any) {
	h.t.Helper()
	form.Set("client_id", "demo")
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if proof != "" {
		req.Header.Set("DPoP", proof)
	}
	resp := h.do(req)
	return resp, decodeJSON(h.t, resp)
}

func (h *harness) tokenURL() string { return h.srv.URL + "/oauth2/token" }

// dpopSignIn signs in with dpop_jkt of key (when jkt is true) and exchanges the code with
// a proof of key.
func (h *harness) dpopSignIn(key *dpoptest.Key, jkt bool) map[string]any {
	h.t.Helper()
	verifier, challenge := pkcePair()
	over := map[string]string{}
	if jkt {
		over["dpop_jkt"] = key.JKT
	}
	code := h.login(authorizeParams(challenge, over), "alice", "wonderland").Query().Get("code")
	resp, body := h.postToken(url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"code_verifier": {verifier}, "redirect_uri": {testRedirect}}, key.Proof("POST", h.tokenURL()))
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("token: %d %v", resp.StatusCode, body)
	}
	return body
}

func wantTokenError(t *testing.T, resp *http.Response, body map[string]any, code string) {
	t.Helper()
	if resp.StatusCode != http.StatusBadRequest || body["error"] != code {
		t.Fatalf("got %d %v, want 400 %s", resp.StatusCode, body, code)
	}
}

func refreshForm(rt string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}
}

func TestDPoP_DiscoveryAdvertisesItUnlessOff(t *testing.T) {
	h := newHarness(t)
	if got := decodeJSON(t, h.get("/.well-known/openid-configuration", nil))["dpop_signing_alg_values_supported"]; len(got.([]any)) != 2 ||
		got.([]any)[0] != "ES256" || got.([]any)[1] != "RS256" {
		t.Fatalf("dpop_signing_alg_values_supported = %v, want [ES256 RS256]", got)
	}
	off := newHarness(t, func(c *Config) { c.DisableDPoP = true })
	if got, ok := decodeJSON(t, off.get("/.well-known/openid-configuration", nil))["dpop_signing_alg_values_supported"]; ok {
		t.Fatalf("DisableDPoP still advertises %v", got)
	}
}

// A login with dpop_jkt and a proof binds the grant: the access token carries cnf.jkt and
// is a DPoP token; refreshes need a proof of that key, and a refused one spends nothing.
func TestDPoP_LoginBindsRefreshAndAccessTokens(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.RotateRefreshTokens = true })
	key := dpoptest.NewES256()
	body := h.dpopSignIn(key, true)
	if body["token_type"] != "DPoP" {
		t.Fatalf("token_type %v, want DPoP", body["token_type"])
	}
	claims := h.verify(body["access_token"].(string))
	if cnf, _ := claims["cnf"].(map[string]any); cnf["jkt"] != key.JKT {
		t.Fatalf("cnf %v, want jkt %s", claims["cnf"], key.JKT)
	}
	rt := body["refresh_token"].(string)

	resp, b := h.postToken(refreshForm(rt), "")
	wantTokenError(t, resp, b, "invalid_dpop_proof")
	resp, b = h.postToken(refreshForm(rt), dpoptest.NewES256().Proof("POST", h.tokenURL()))
	wantTokenError(t, resp, b, "invalid_dpop_proof")
	resp, b = h.postToken(refreshForm(rt), dpoptest.NewRS256(2048).Proof("POST", h.tokenURL()))
	wantTokenError(t, resp, b, "invalid_dpop_proof")

	resp, b = h.postToken(refreshForm(rt), key.Proof("POST", h.tokenURL()))
	if resp.StatusCode != http.StatusOK || b["token_type"] != "DPoP" || b["refresh_token"] == rt {
		t.Fatalf("refresh with the bound key: %d %v", resp.StatusCode, b)
	}
	if n := h.idp.Counts()["reuse_detected"]; n != 0 {
		t.Fatalf("refused refreshes counted as reuse: %d", n)
	}
}

func TestDPoP_CodeBoundByDPoPJKT(t *testing.T) {
	h := newHarness(t)
	key := dpoptest.NewES256()
	for _, tc := range []struct{ name, proof string }{
		{"no proof", ""},
		{"another key", dpoptest.NewES256().Proof("POST", h.tokenURL())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := h.with(t, true)
			verifier, challenge := pkcePair()
			code := h.login(authorizeParams(challenge, map[string]string{"dpop_jkt": key.JKT}), "alice", "wonderland").Query().Get("code")
			resp, body := h.postToken(url.Values{"grant_type": {"authorization_code"}, "code": {code},
				"code_verifier": {verifier}, "redirect_uri": {testRedirect}}, tc.proof)
			wantTokenError(t, resp, body, "invalid_dpop_proof")
		})
	}
	loc := location(t, h.get("/oauth2/authorize", authorizeParams("x", map[string]string{"dpop_jkt": "short"})))
	if loc.Query().Get("error") != "invalid_request" {
		t.Fatalf("malformed dpop_jkt: %s", loc)
	}
}

// An unbound refresh token (an older login without DPoP) keeps working, proof or not,
// and stays unbound: Bearer tokens without cnf (Authgear: "Not binded, always ok").
func TestDPoP_UnboundGrantStaysUnbound(t *testing.T) {
	h := newHarness(t)
	body := h.signIn("alice", "wonderland")
	if body["token_type"] != "Bearer" {
		t.Fatalf("token_type %v", body["token_type"])
	}
	rt := body["refresh_token"].(string)
	resp, b := h.postToken(refreshForm(rt), dpoptest.NewES256().Proof("POST", h.tokenURL()))
	if resp.StatusCode != http.StatusOK || b["token_type"] != "Bearer" {
		t.Fatalf("refresh with a proof: %d %v", resp.StatusCode, b)
	}
	if _, bound := h.verify(b["access_token"].(string))["cnf"]; bound {
		t.Fatal("an unbound grant's access token got cnf")
	}
	if resp, b := h.postToken(refreshForm(rt), ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("refresh without a proof: %d %v", resp.StatusCode, b)
	}
}

// Hostile proofs at the token endpoint are refused before the grant is looked at.
func TestDPoP_TokenEndpointRefusesBadProofs(t *testing.T) {
	h := newHarness(t)
	key := dpoptest.NewES256()
	rt := h.dpopSignIn(key, true)["refresh_token"].(string)
	replayed := key.Proof("POST", h.tokenURL())
	if resp, b := h.postToken(refreshForm(rt), replayed); resp.StatusCode != http.StatusOK {
		t.Fatalf("first use: %d %v", resp.StatusCode, b)
	}
	for name, proof := range map[string]string{
		"replayed jti": replayed,
		"other URL":    key.Proof("POST", h.srv.URL+"/oauth2/userinfo"),
		"wrong method": key.Proof("GET", h.tokenURL()),
		"wrong typ":    key.Proof("POST", h.tokenURL(), func(hd, _ map[string]any) { hd["typ"] = "JWT" }),
		"private jwk":  key.Proof("POST", h.tokenURL(), func(hd, _ map[string]any) { hd["jwk"] = key.PrivateJWK() }),
	} {
		t.Run(name, func(t *testing.T) {
			resp, b := h.with(t, false).postToken(refreshForm(rt), proof)
			wantTokenError(t, resp, b, "invalid_dpop_proof")
		})
	}
	if n := h.idp.Counts()["dpop_rejected"]; n != 5 {
		t.Fatalf("dpop_rejected = %d, want 5", n)
	}
}

// With nonces required, a proof without the current nonce gets use_dpop_nonce and the
// nonce in DPoP-Nonce (RFC 9449 §8); a retry with it passes; a rotation starts it again.
func TestDPoP_NonceRequiredAndRotated(t *testing.T) {
	h := newHarness(t)
	key := dpoptest.NewES256()
	rt := h.dpopSignIn(key, true)["refresh_token"].(string)
	h.idp.SetDPoP(DPoPSettings{Enabled: true, NonceRequired: true})

	resp, b := h.postToken(refreshForm(rt), key.Proof("POST", h.tokenURL()))
	wantTokenError(t, resp, b, "use_dpop_nonce")
	nonce := resp.Header.Get("DPoP-Nonce")
	if nonce == "" {
		t.Fatal("use_dpop_nonce without a DPoP-Nonce header")
	}
	resp, b = h.postToken(refreshForm(rt), key.Proof("POST", h.tokenURL(), dpoptest.WithNonce(nonce)))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("DPoP-Nonce") != nonce {
		t.Fatalf("retry with the nonce: %d %v nonce %q", resp.StatusCode, b, resp.Header.Get("DPoP-Nonce"))
	}
	rotated := decodeJSON(t, h.postJSON("/_admin/dpop/rotate-nonce", `{}`))["nonce"]
	resp, b = h.postToken(refreshForm(rt), key.Proof("POST", h.tokenURL(), dpoptest.WithNonce(nonce)))
	wantTokenError(t, resp, b, "use_dpop_nonce")
	if got := resp.Header.Get("DPoP-Nonce"); got != rotated || got == nonce {
		t.Fatalf("after rotation DPoP-Nonce %q, want the new %v", got, rotated)
	}
}

// The admin switches: dpop_required refuses a token request without a proof; dpop off
// ignores proofs and answers Bearer, as a provider without DPoP.
func TestDPoP_AdminSwitches(t *testing.T) {
	h := newHarness(t)
	cfg := decodeJSON(t, h.postJSON("/_admin/config", `{"dpop_required": true}`))
	if cfg["dpop"] != true || cfg["dpop_required"] != true || cfg["dpop_nonce_required"] != false {
		t.Fatalf("config %v", cfg)
	}
	code, verifier := h.code("alice", "wonderland")
	resp, b := h.postToken(url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"code_verifier": {verifier}, "redirect_uri": {testRedirect}}, "")
	wantTokenError(t, resp, b, "invalid_dpop_proof")

	decodeJSON(t, h.postJSON("/_admin/config", `{"dpop": false}`))
	key := dpoptest.NewES256()
	body := h.with(t, true).dpopSignIn(key, true)
	if body["token_type"] != "Bearer" {
		t.Fatalf("DPoP off: token_type %v", body["token_type"])
	}
	if _, ok := decodeJSON(t, h.get("/.well-known/openid-configuration", nil))["dpop_signing_alg_values_supported"]; ok {
		t.Fatal("DPoP off still advertised")
	}
}

// A DPoP-bound access token at userinfo needs the DPoP scheme and a proof with ath for
// this URL (RFC 9449 §7); refusals carry the DPoP challenge.
func TestDPoP_UserInfoNeedsProofForBoundToken(t *testing.T) {
	h := newHarness(t)
	key := dpoptest.NewES256()
	at := h.dpopSignIn(key, true)["access_token"].(string)
	userinfo := h.srv.URL + "/oauth2/userinfo"
	call := func(scheme, proof string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, userinfo, nil)
		req.Header.Set("Authorization", scheme+" "+at)
		if proof != "" {
			req.Header.Set("DPoP", proof)
		}
		return h.do(req)
	}
	good := key.Proof("GET", userinfo, dpoptest.WithAccessToken(at))
	for _, tc := range []struct {
		name, scheme, proof, challenge string
	}{
		{"bound token as Bearer", "Bearer", good, `DPoP error="invalid_token", algs="ES256 RS256"`},
		{"no proof", "DPoP", "", `DPoP error="invalid_dpop_proof", algs="ES256 RS256"`},
		{"no ath", "DPoP", key.Proof("GET", userinfo), `DPoP error="invalid_dpop_proof", algs="ES256 RS256"`},
		{"another key", "DPoP", dpoptest.NewES256().Proof("GET", userinfo, dpoptest.WithAccessToken(at)), `DPoP error="invalid_dpop_proof", algs="ES256 RS256"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := call(tc.scheme, tc.proof)
			if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") != tc.challenge {
				t.Fatalf("got %d %q, want 401 %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), tc.challenge)
			}
		})
	}
	if resp := call("DPoP", good); resp.StatusCode != http.StatusOK {
		t.Fatalf("with a proof: %d %s", resp.StatusCode, readBody(t, resp))
	}
	if resp := call("DPoP", good); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replayed proof: %d", resp.StatusCode)
	}
	// The resolver cannot check a proof made for the app's URL; it still wants the scheme.
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/_resolver/resolve", nil)
	req.Header.Set("Authorization", "DPoP "+at)
	if got := h.do(req).Header.Get("x-authgear-session-valid"); got != "true" {
		t.Fatalf("resolver with DPoP scheme: %q", got)
	}
	req.Header.Set("Authorization", "Bearer "+at)
	if got := h.do(req).Header.Get("x-authgear-session-valid"); got != "false" {
		t.Fatalf("resolver with a bound token as Bearer: %q", got)
	}
}

func TestDPoP_CORSAllowsTheHeaderAndExposesTheNonce(t *testing.T) {
	h := newHarness(t)
	req, _ := http.NewRequest(http.MethodOptions, h.tokenURL(), nil)
	req.Header.Set("Origin", testOrigin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "dpop")
	resp := h.do(req)
	if !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "DPoP") ||
		!strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "DPoP-Nonce") {
		t.Fatalf("CORS headers: %v", resp.Header)
	}
}
