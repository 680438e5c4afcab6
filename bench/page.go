package main

import "strings"

// containers is how each SDK's script tag exposes its default container.
var containers = map[string]string{
	"wasmgear":     "authgear",         // the container itself (it also carries .default)
	"authgear-web": "authgear.default", // @authgear/web's IIFE: the module namespace
}

// page is one SDK's bench page. Before the SDK loads it (1) seeds a stored session when
// asked (?session: both SDKs read Authgear's key), (2) stubs the network for URLs under
// /stub/ — both SDKs take window.fetch when they load, so the stub is in place for both —
// and (3) keeps the WebAssembly memory where the bench can read its size. Then it
// configures the SDK at once, as an app's first script does, and records when that
// resolved. window.bench holds the loops the bench runs inside the page, so a
// measurement never includes a DevTools round trip.
func page(sdk, script string, preload bool) string {
	links := ""
	if preload && sdk == "wasmgear" {
		links = `<link rel="preload" href="` + strings.TrimSuffix(script, "authgear.js") + `wasmgear.wasm" as="fetch" crossorigin>`
	}
	return `<!doctype html><html><head><meta charset="utf-8"><title>bench ` + sdk + `</title>
<script>
(() => {
  const q = new URLSearchParams(location.search);
  if (q.has("session")) localStorage.setItem("authgear_default_refreshToken", "rt-bench");
  const real = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : (input && input.url) || String(input);
    if (url.indexOf("/stub/") >= 0) return Promise.resolve(new Response("ok"));
    return real.call(window, input, init);
  };
  const keep = (r) => {
    const i = r && r.instance ? r.instance : r;
    if (i && i.exports && i.exports.mem) window.wasmMemory = i.exports.mem;
    return r;
  };
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const f = WebAssembly[name];
    if (f) WebAssembly[name] = function (...args) { return f.apply(this, args).then(keep); };
  }
})();
</script>
` + links + `
<script src="` + script + `"></script>
<script>
window.sdk = ` + containers[sdk] + `;
window.configured = sdk.configure({ clientID: "` + clientID(sdk) + `", endpoint: location.origin, sessionType: "refresh_token" })
  .then(() => { window.configuredAt = performance.now(); performance.mark("wasmgear:configured"); }, (e) => { window.configureError = String(e); });
window.bench = {
  scriptStart() {
    const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith("` + script + `"));
    return e ? e.startTime : 0;
  },
  async refresh(n) {
    await sdk.refreshAccessTokenIfNeeded();
    const t = performance.now();
    for (let i = 0; i < n; i++) await sdk.refreshAccessTokenIfNeeded();
    return ((performance.now() - t) * 1000) / n;
  },
  // fetch: µs per call of n calls, par at a time, each body read, with the SDK's fetch or
  // the page's (the stub or the loopback network, the same for both).
  async fetch(useSDK, url, n, par) {
    const f = useSDK ? () => sdk.fetch(url).then((r) => r.text()) : () => fetch(url).then((r) => r.text());
    for (let i = 0; i < 20; i++) await f();
    const t = performance.now();
    for (let done = 0; done < n; done += par) {
      if (par === 1) await f();
      else await Promise.all(Array.from({ length: par }, f));
    }
    return ((performance.now() - t) * 1000) / n;
  },
  async mixed(n) {
    for (let i = 0; i < n / 2; i++) {
      await sdk.refreshAccessTokenIfNeeded();
      await (await sdk.fetch("/stub/mixed")).text();
    }
    return true;
  },
  wasmBytes() { return window.wasmMemory ? window.wasmMemory.buffer.byteLength : 0; },
  // expired: @authgear/web keeps expireAt on its inner container only.
  expired() {
    const at = sdk.expireAt || (sdk.baseContainer && sdk.baseContainer.expireAt);
    return sdk.accessToken === undefined || !at || Date.now() >= at.getTime();
  },
  // storm fires n fetches at once at the wall-clock time at (ms), the same for every tab.
  storm(n, at) {
    window.stormDone = new Promise((go) => setTimeout(go, Math.max(0, at - Date.now()))).then(() =>
      Promise.all(Array.from({ length: n }, () => sdk.fetch("/stub/storm").then((r) => r.status, (e) => String(e)))));
    return true;
  },
};
</script></head><body>` + sdk + `</body></html>`
}
