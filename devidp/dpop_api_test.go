package devidp

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/internal/dpop/dpoptest"
)

// postJSONWithProof posts JSON with an optional DPoP header.
func (h *harness) postJSONWithProof(path, body, proof string) *http.Response {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if proof != "" {
		req.Header.Set("DPoP", proof)
	}
	return h.do(req)
}

// A bound refresh token mints an app session token (a web session) only with a proof of
// its key, as Authgear's ParseRefreshToken requires: else a stolen token would buy a
// cookie session that no proof guards.
func TestDPoP_AppSessionTokenNeedsTheBoundKey(t *testing.T) {
	h := newHarness(t)
	key := dpoptest.NewES256()
	rt := h.dpopSignIn(key, true)["refresh_token"].(string)
	path := "/oauth2/app_session_token"
	body := `{"refresh_token":"` + rt + `"}`
	for name, proof := range map[string]string{"no proof": "", "another key": dpoptest.NewES256().Proof("POST", h.srv.URL+path)} {
		if resp := h.postJSONWithProof(path, body, proof); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("%s: %d %s", name, resp.StatusCode, readBody(t, resp))
		}
	}
	if resp := h.postJSONWithProof(path, body, key.Proof("POST", h.srv.URL+path)); resp.StatusCode != http.StatusOK {
		t.Fatalf("with the bound key: %d %s", resp.StatusCode, readBody(t, resp))
	}
}

// An anonymous sign-up with a proof makes a bound grant: DPoP tokens, and its refresh
// token then needs the key at the token endpoint.
func TestDPoP_AnonymousSignupBindsTheGrant(t *testing.T) {
	h := newHarness(t)
	key := dpoptest.NewES256()
	path := "/api/anonymous_user/signup"
	resp := h.postJSONWithProof(path, `{"client_id":"demo","session_type":"refresh_token"}`, key.Proof("POST", h.srv.URL+path))
	result, _ := decodeJSON(t, resp)["result"].(map[string]any)
	if resp.StatusCode != http.StatusOK || result["token_type"] != "DPoP" {
		t.Fatalf("sign-up with a proof: %d %v", resp.StatusCode, result)
	}
	rt := result["refresh_token"].(string)
	r, b := h.postToken(refreshForm(rt), "")
	wantTokenError(t, r, b, "invalid_dpop_proof")
	if r, b := h.postToken(refreshForm(rt), key.Proof("POST", h.tokenURL())); r.StatusCode != http.StatusOK || b["token_type"] != "DPoP" {
		t.Fatalf("refresh with the key: %d %v", r.StatusCode, b)
	}
	again := `{"client_id":"demo","session_type":"refresh_token","refresh_token":"` + rt + `"}`
	if resp := h.postJSONWithProof(path, again, ""); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("sign-up again without the key: %d", resp.StatusCode)
	}
}

// Authgear's ID-token grant names the session by its access token: a bound one needs the
// token request's proof to be of its key.
func TestDPoP_IDTokenGrantNeedsTheBoundKey(t *testing.T) {
	h := newHarness(t)
	key := dpoptest.NewES256()
	at := h.dpopSignIn(key, true)["access_token"].(string)
	grant := func(proof string) (*http.Response, map[string]any) {
		form := url.Values{"grant_type": {grantIDToken}, "client_id": {"demo"}}
		req, _ := http.NewRequest(http.MethodPost, h.tokenURL(), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "DPoP "+at)
		if proof != "" {
			req.Header.Set("DPoP", proof)
		}
		resp := h.do(req)
		return resp, decodeJSON(t, resp)
	}
	if resp, b := grant(""); resp.StatusCode != http.StatusUnauthorized || b["error"] != "invalid_grant" {
		t.Fatalf("no proof: %d %v", resp.StatusCode, b)
	}
	if resp, b := grant(key.Proof("POST", h.tokenURL(), dpoptest.WithAccessToken(at))); resp.StatusCode != http.StatusOK || b["id_token"] == nil {
		t.Fatalf("with the key: %d %v", resp.StatusCode, b)
	}
}
