package e2e

import (
	"os"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// fetchCostJS reconfigures the container with a fetch that answers /bench at once (no
// network: what is left is the SDK's own work per call) and times 5 runs of 200
// sequential authgear.fetch calls, after a warm-up; it answers the median µs per call.
func fetchCostJS(srv *devserver.Server) string {
	return `(async () => {
	  await authgear.configure({ clientID: ` + jsString(srv.ClientID) + `, endpoint: ` + jsString(srv.IdPURL) + `,
	    fetch: (input, init) => new URL(input instanceof Request ? input.url : input, location.href).pathname === "/bench"
	      ? Promise.resolve(new Response("ok")) : fetch(input, init) });
	  const run = async (n) => { const t0 = performance.now(); for (let i = 0; i < n; i++) await authgear.fetch("/bench"); return (performance.now() - t0) * 1000 / n; };
	  await run(50);
	  const runs = [];
	  for (let r = 0; r < 5; r++) runs.push(await run(200));
	  runs.sort((a, b) => a - b);
	  return { us: runs[2], scheme: (await (async () => { let seen = ""; await authgear.configure({ clientID: ` + jsString(srv.ClientID) + `,
	    endpoint: ` + jsString(srv.IdPURL) + `, fetch: (input, init) => { seen = new Request(input, init).headers.get("Authorization").split(" ")[0]; return Promise.resolve(new Response("")); } });
	    await authgear.fetch("/bench"); return seen; })()) };
	})()`
}

// TestMeasure_FetchCostWithDPoP reports (never asserts) what DPoP adds to one
// authgear.fetch: the same call with a DPoP-bound token (a new ES256 proof with ath per
// request, signed by WebCrypto) and with a Bearer token. It runs under `make bench`.
func TestMeasure_FetchCostWithDPoP(t *testing.T) {
	if os.Getenv("WASMGEAR_BENCH") == "" {
		t.Skip("a measurement: run with `make bench`")
	}
	srv := startApp(t, devserver.Config{})
	var cost struct {
		US     float64 `json:"us"`
		Scheme string  `json:"scheme"`
	}
	measure := func() (float64, string) {
		tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
		loginThroughForm(t, tb, "alice", "wonderland")
		tb.eval(fetchCostJS(srv), &cost)
		return cost.US, cost.Scheme
	}
	dpopUS, dpopScheme := measure()
	srv.IdP.SetDPoP(devidp.DPoPSettings{Enabled: false}) // a provider without DPoP: Bearer tokens
	bearerUS, bearerScheme := measure()
	if dpopScheme != "DPoP" || bearerScheme != "Bearer" {
		t.Fatalf("measured %s and %s sessions, want DPoP and Bearer", dpopScheme, bearerScheme)
	}
	t.Logf("measure: authgear.fetch per call (network answered at once, median of 5 × 200): DPoP %.0f µs, Bearer %.0f µs: the proof adds %.0f µs",
		dpopUS, bearerUS, dpopUS-bearerUS)
}
