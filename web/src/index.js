// The npm entry point. Importing it has no side effect beyond defining classes, so it is
// safe in server-side rendering and Node; the WebAssembly loads on first use in a browser.
import { WebContainer, setDefaultWasmURL } from "./container.js";

// The module sits next to this file. Written exactly as `new URL("…", import.meta.url)` so
// that Vite, webpack and Parcel see it and emit wasmgear.wasm as an asset; with esbuild, copy
// the file next to the bundle. Where there is no module URL (bundled into a classic script)
// nothing is set and the first call asks for `new WebContainer({ wasmURL })` instead of
// failing at import.
try {
  setDefaultWasmURL(new URL("./wasmgear.wasm", import.meta.url));
} catch {
  // no import.meta.url: the app passes wasmURL
}

export * from "./exports.js";

/** The default container, the same object the script tag installs as `window.authgear`. */
const authgear = new WebContainer();
export default authgear;
