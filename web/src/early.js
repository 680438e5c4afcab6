// The script tag's first import, so the first thing the script does: resolve the module's
// URL next to this script (document.currentScript is set only while it runs) and start
// downloading and compiling it, before the rest of the glue is even evaluated.
import { compileCore } from "./loader.js";

const script = typeof document !== "undefined" ? document.currentScript : null;

/** scriptWasmURL is wasmgear.wasm beside the script tag's src. */
export const scriptWasmURL = new URL("wasmgear.wasm", script && script.src ? script.src : location.href);

// A failure here is not reported: loadCore tries again and rejects the first call.
compileCore(scriptWasmURL).catch(() => {});
