package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
	"github.com/wasmgear/wasmgear/internal/dpop/dpoptest"
)

// The fixture offers DPoP (features.dPoP): discovery lists ES256 among its proof
// algorithms, and its token endpoint judges a proof when one is sent — a proof for
// another URL is refused as invalid_dpop_proof, while a request without one is judged
// as before (today's SDK sends none, and every other interop test runs that way). With
// INTEROP_DPOP_NONCE=required a proof without the nonce gets use_dpop_nonce and a
// DPoP-Nonce header, exposed to the app's origin.
func TestInterop_FixtureOffersDPoP(t *testing.T) {
	for _, nonce := range []bool{false, true} {
		t.Run(map[bool]string{false: "nonce offered", true: "nonce required"}[nonce], func(t *testing.T) {
			var env []string
			if nonce {
				env = append(env, "INTEROP_DPOP_NONCE=required")
			}
			srv, f := startInterop(t, time.Minute, devserver.Config{}, env...)
			resp, err := http.Get(f.issuer + "/.well-known/openid-configuration")
			if err != nil {
				t.Fatal(err)
			}
			var meta struct {
				Algs []string `json:"dpop_signing_alg_values_supported"`
			}
			err = json.NewDecoder(resp.Body).Decode(&meta)
			resp.Body.Close()
			if err != nil || !slices.Contains(meta.Algs, "ES256") {
				t.Fatalf("dpop_signing_alg_values_supported = %v (%v), want ES256 in it", meta.Algs, err)
			}
			token := func(proof string) (*http.Response, string) {
				form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"not-a-token"}, "client_id": {interopClientID}}
				req, _ := http.NewRequest(http.MethodPost, f.issuer+"/token", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", srv.AppURL)
				if proof != "" {
					req.Header.Set("DPoP", proof)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var body struct {
					Error string `json:"error"`
				}
				_ = json.NewDecoder(resp.Body).Decode(&body)
				return resp, body.Error
			}
			key := dpoptest.NewES256()
			if _, code := token(key.Proof("POST", f.issuer+"/elsewhere")); code != "invalid_dpop_proof" {
				t.Fatalf("a proof for another URL: error %q, want invalid_dpop_proof", code)
			}
			if _, code := token(""); code != "invalid_grant" {
				t.Fatalf("no proof: error %q, want invalid_grant (the token is made up)", code)
			}
			resp, code := token(key.Proof("POST", f.issuer+"/token"))
			want := map[bool]string{false: "invalid_grant", true: "use_dpop_nonce"}[nonce]
			if code != want {
				t.Fatalf("a good proof without a nonce: error %q, want %q", code, want)
			}
			if nonce && (resp.Header.Get("DPoP-Nonce") == "" || !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "DPoP-Nonce")) {
				t.Fatalf("use_dpop_nonce without an exposed DPoP-Nonce: %v", resp.Header)
			}
		})
	}
}
