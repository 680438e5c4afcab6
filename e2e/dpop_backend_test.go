package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// capturedCall is one app request as it left the page: configure's fetch wrapper sees the
// Request with the headers the SDK added.
type capturedCall struct {
	Status        int    `json:"status"`
	URL           string `json:"url"`
	Authorization string `json:"authorization"`
	DPoP          string `json:"dpop"`
}

// captureFetchJS reconfigures the container with a fetch that records the app's API
// requests, then calls authgear.fetch(path) and answers what went out and the status.
func captureFetchJS(srv *devserver.Server, path string) string {
	return `(async () => {
	  let seen = null;
	  await authgear.configure({ clientID: ` + jsString(srv.ClientID) + `, endpoint: ` + jsString(srv.IdPURL) + `,
	    fetch: (input, init) => { const r = new Request(input, init);
	      if (new URL(r.url).pathname.startsWith("/api/")) seen = { url: r.url, authorization: r.headers.get("Authorization"), dpop: r.headers.get("DPoP") };
	      return fetch(r); } });
	  const r = await authgear.fetch(` + jsString(path) + `);
	  return { status: r.status, ...seen };
	})()`
}

// sendAs replays a request to the demo API from outside the browser, as an attacker who
// copied its headers would.
func sendAs(t *testing.T, url, authorization, proof string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", authorization)
	if proof != "" {
		req.Header.Set("DPoP", proof)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate")
}

func TestDPoP_BackendAcceptsTheAppsCallsAndRefusesCopies(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	var call capturedCall
	tb.eval(captureFetchJS(srv, "/api/me?x=1"), &call)
	token, isDPoP := strings.CutPrefix(call.Authorization, "DPoP ")
	if call.Status != 200 || !isDPoP || call.DPoP == "" {
		t.Fatalf("authgear.fetch: HTTP %d, Authorization scheme %q, proof %v; want 200 with a DPoP token and proof",
			call.Status, strings.SplitN(call.Authorization, " ", 2)[0], call.DPoP != "")
	}
	p := decodeProof(t, call.DPoP)
	if p.Claims.HTM != "GET" || p.Claims.HTU != srv.AppURL+"/api/me" || p.Claims.ATH == "" {
		t.Fatalf("the API call's proof: %+v, want htm GET, htu without the query, ath", p.Claims)
	}
	// A second call signs a new proof: the backend's replay cache lets it in.
	tb.eval(captureFetchJS(srv, "/api/me"), &call)
	if call.Status != 200 {
		t.Fatalf("the second authgear.fetch: HTTP %d", call.Status)
	}

	for _, tc := range []struct {
		name, url, authorization, proof, wantError string
	}{
		{"the same proof again (replay)", srv.AppURL + "/api/me", call.Authorization, call.DPoP, "invalid_dpop_proof"},
		{"the proof for another URL", srv.AppURL + "/api/echo", call.Authorization, call.DPoP, "invalid_dpop_proof"},
		{"the token as Bearer", srv.AppURL + "/api/me", "Bearer " + token, "", "invalid_token"},
		{"the token without a proof", srv.AppURL + "/api/me", "DPoP " + token, "", "invalid_dpop_proof"},
	} {
		status, challenge := sendAs(t, tc.url, tc.authorization, tc.proof)
		t.Logf("%s: HTTP %d, WWW-Authenticate: %s", tc.name, status, challenge)
		if status != 401 || !strings.HasPrefix(challenge, "DPoP ") || !strings.Contains(challenge, `error="`+tc.wantError+`"`) {
			t.Errorf("%s: HTTP %d, WWW-Authenticate %q; want 401 with a DPoP %s challenge", tc.name, status, challenge, tc.wantError)
		}
	}
}
