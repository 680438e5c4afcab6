// The ESM build on the strict-CSP page: the module finds wasmgear.wasm next to itself.
import authgear from "/dist/index.js";

window.authgear = authgear;
await import("/app.js");
