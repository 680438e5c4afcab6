// The script-tag entry: defines window.authgear, the default container. @authgear/web's
// script tag makes window.authgear the module namespace instead (the container at
// `.default`), so both shapes are served: the container carries every named export and
// `default` (itself), and `window.authgear.default.configure(…)`, as Authgear's website
// guide writes it, reaches the same container as `window.authgear.configure(…)`.
// The module is fetched from next to this script, resolved while the script runs.
import { WebContainer, setDefaultWasmURL } from "./container.js";
import * as namedExports from "./exports.js";

const script = typeof document !== "undefined" ? document.currentScript : null;
setDefaultWasmURL(new URL("wasmgear.wasm", script && script.src ? script.src : location.href));

const authgear = new WebContainer();
Object.assign(authgear, namedExports, { default: authgear });
globalThis.authgear = authgear;
// Start fetching the module now: by the time the page calls configure it is usually ready.
authgear._ready().catch(() => {});
