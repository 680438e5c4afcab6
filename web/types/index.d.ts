// Type declarations of the wasmgear package: the public API of Authgear's web SDK
// (`@authgear/web`), implemented in Go/WebAssembly. build.mjs copies types/*.d.ts to dist/.
// Checked by web/test/types.test.mjs: tsc --noEmit over consumer code that uses every member,
// a misuse file that must fail, and a comparison with the runtime's exports.
import type { WebContainer } from "./container.js";

export * from "./constants.js";
export * from "./options.js";
export * from "./userinfo.js";
export * from "./container.js";
export * from "./errors.js";
export * from "./storage.js";

/** The default container (name `"default"`), the same object the script tag installs as `window.authgear`. */
declare const authgear: WebContainer;
export default authgear;
