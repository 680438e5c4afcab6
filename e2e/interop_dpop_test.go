package e2e

import (
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestInterop_DPoPBindsTheSessionAndHonoursNonces: against oidc-provider with its DPoP
// feature on, the SDK's default login binds the key (the token endpoint got a proof; the
// access token carries that key's cnf.jkt), refreshes send new proofs of the same key,
// the API accepts the app's calls, and a provider that requires nonces gets them after
// one use_dpop_nonce answer.
func TestInterop_DPoPBindsTheSessionAndHonoursNonces(t *testing.T) {
	t.Parallel()
	for _, nonce := range []bool{false, true} {
		t.Run(map[bool]string{false: "nonce offered", true: "nonce required"}[nonce], func(t *testing.T) {
			var env []string
			if nonce {
				env = append(env, "INTEROP_DPOP_NONCE=required")
			}
			srv, _ := startInterop(t, 3*time.Second, devserver.Config{}, env...)
			tb := openTab(t, newBrowserContext(t), srv.AppURL+"/", wireRecorder)
			if nonce {
				tb.expectConsoleErrors() // the use_dpop_nonce answers are 400s the browser logs
			}
			interopLogin(t, tb, "alice")

			codes := tokenRequests(wireSince(tb, 0), "authorization_code")
			want := map[bool]int{false: 1, true: 2}[nonce]
			if len(codes) != want || codes[len(codes)-1].DPoP == "" {
				t.Fatalf("code exchange: %s, want %d POST(s), the last with a proof", describeWire(codes), want)
			}
			last := decodeProof(t, codes[len(codes)-1].DPoP)
			if nonce && (decodeProof(t, codes[0].DPoP).Claims.Nonce != "" || last.Claims.Nonce == "") {
				t.Fatalf("code exchange proofs: first nonce %q, retry nonce %q; want none, then the provider's",
					decodeProof(t, codes[0].DPoP).Claims.Nonce, last.Claims.Nonce)
			}
			jkt := jwkThumbprint(last.Header.JWK)
			var token string
			tb.eval(`authgear.accessToken`, &token)
			if accessTokenJKT(t, token) != jkt {
				t.Fatal("oidc-provider's access token is not bound to the key the proof showed")
			}

			mark := wireMark(tb)
			tb.waitFor(`Date.now() >= authgear.expireAt.getTime()`, 10*time.Second)
			var status int
			tb.eval(`authgear.fetch("/api/me").then((r) => r.status)`, &status)
			refreshes := tokenRequests(wireSince(tb, mark), "refresh_token")
			if status != 200 || len(refreshes) == 0 || len(refreshes) > 2 {
				t.Fatalf("API call after expiry: HTTP %d after refreshes %s", status, describeWire(refreshes))
			}
			p := decodeProof(t, refreshes[len(refreshes)-1].DPoP)
			if jwkThumbprint(p.Header.JWK) != jkt || p.Claims.JTI == last.Claims.JTI || (nonce && p.Claims.Nonce == "") {
				t.Fatalf("refresh proof: %+v, want the same key, a new jti, and the nonce when required", p.Claims)
			}
			tb.eval(`authgear.accessToken`, &token)
			if accessTokenJKT(t, token) != jkt {
				t.Fatal("the refreshed access token is not bound to the key")
			}
		})
	}
}
