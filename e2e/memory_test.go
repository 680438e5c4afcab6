package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// captureWasmMemoryJS keeps the WebAssembly instances the page creates, so the test can
// read the Go module's memory (exports.mem) without the glue exposing it.
const captureWasmMemoryJS = `(() => {
  window.__wasmInstances = [];
  const keep = (result) => { window.__wasmInstances.push(result.instance || result); return result; };
  const streaming = WebAssembly.instantiateStreaming, plain = WebAssembly.instantiate;
  WebAssembly.instantiateStreaming = (...args) => streaming.apply(WebAssembly, args).then(keep);
  WebAssembly.instantiate = (...args) => plain.apply(WebAssembly, args).then(keep);
})();`

// memoryCallMixJS makes 30,000 calls in the page, in rounds of three (a sessionState read,
// refreshAccessTokenIfNeeded with a valid token, authgear.fetch to the stubbed endpoint) and
// a fetchUserInfo every 6,000, and reports the module's memory after each 10,000.
const memoryCallMixJS = `(async () => {
  const mem = () => window.__wasmInstances[0].exports.mem.buffer.byteLength;
  const marks = [];
  let states = 0, users = 0, fetched = 0;
  for (let i = 0; i < 30000; i++) {
    switch (i % 3) {
      case 0: if (authgear.sessionState === "AUTHENTICATED") states++; break;
      case 1: await authgear.refreshAccessTokenIfNeeded(); break;
      case 2: if ((await authgear.fetch("/stubbed/" + i)).status === 204) fetched++; break;
    }
    if (i % 6000 === 0 && (await authgear.fetchUserInfo()).sub) users++;
    if ((i + 1) % 10000 === 0) marks.push(mem());
  }
  return { marks, states, users, fetched, stubbed: window.__stubbed, token: authgear.accessToken === window.__firstToken };
})()`

// TestMemory_LevelsOffOverThirtyThousandCalls: the Go module's memory after 30,000 mixed
// calls stays within twice what it was after configure. WebAssembly memory never shrinks,
// so a leak (an unreleased js.Func, a retained Promise, a cache without bound) shows as
// growth here. The bound is generous: the Go heap may grow to its GC target once.
func TestMemory_LevelsOffOverThirtyThousandCalls(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	// 30,000 calls take seconds alone, minutes on a machine shared with other suites.
	tb := openTabFor(t, newBrowserContext(t), 5*time.Minute, srv.AppURL+"/", captureWasmMemoryJS)
	loginThroughForm(t, tb, "alice", "wonderland")

	// A fresh page signed in from storage; configure's fetch answers /stubbed/ itself and
	// sends everything else (the refresh, userinfo) to the network.
	tb.run(chromedp.Navigate(srv.AppURL + "/?manual=1"))
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && window.__wasmInstances.length === 1`, 20*time.Second)
	var afterConfigure float64
	tb.eval(`(async () => {
	  window.__stubbed = 0;
	  await authgear.configure({ clientID: `+jsString(srv.ClientID)+`, endpoint: `+jsString(srv.IdPURL)+`,
	    fetch: (input, init) => {
	      if (String(input.url || input).includes("/stubbed/")) { window.__stubbed++; return Promise.resolve(new Response(null, { status: 204 })); }
	      return fetch(input, init);
	    } });
	  return window.__wasmInstances[0].exports.mem.buffer.byteLength;
	})()`, &afterConfigure)
	tb.eval(`authgear.refreshAccessTokenIfNeeded().then(() => { window.__firstToken = authgear.accessToken; return true; })`, nil)

	var got struct {
		Marks   []float64 `json:"marks"`
		States  int       `json:"states"`
		Users   int       `json:"users"`
		Fetched int       `json:"fetched"`
		Stubbed int       `json:"stubbed"`
		Token   bool      `json:"token"`
	}
	start := time.Now()
	tb.eval(memoryCallMixJS, &got)
	elapsed := time.Since(start)
	if got.States != 10000 || got.Fetched != 10000 || got.Stubbed != 10000 || got.Users != 5 || !got.Token {
		t.Fatalf("the call mix did not run as planned: %+v", got)
	}
	const mib = 1 << 20
	t.Logf("WASM memory: %.1f MiB after configure → %.1f / %.1f / %.1f MiB after 10,000 / 20,000 / 30,000 calls (%.1f µs a call)",
		afterConfigure/mib, got.Marks[0]/mib, got.Marks[1]/mib, got.Marks[2]/mib, float64(elapsed.Microseconds())/30000)
	if final := got.Marks[2]; final > 2*afterConfigure {
		t.Fatalf("WASM memory grew from %.1f MiB after configure to %.1f MiB after 30,000 calls: more than twice", afterConfigure/mib, final/mib)
	}
}
