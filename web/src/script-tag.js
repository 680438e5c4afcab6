// The script-tag entry: defines window.authgear, the default container. @authgear/web's
// script tag makes window.authgear the module namespace instead (the container at
// `.default`), so both shapes are served: the container carries every named export and
// `default` (itself), and `window.authgear.default.configure(…)`, as Authgear's website
// guide writes it, reaches the same container as `window.authgear.configure(…)`.
// The module is fetched from next to this script: ./early.js, imported first so that it
// runs first, has already started downloading and compiling it.
import { scriptWasmURL } from "./early.js";
import { WebContainer, setDefaultWasmURL } from "./container.js";
import * as namedExports from "./exports.js";

setDefaultWasmURL(scriptWasmURL);

const authgear = new WebContainer();
Object.assign(authgear, namedExports, { default: authgear });
globalThis.authgear = authgear;
// Start fetching the module now: by the time the page calls configure it is usually ready.
authgear._ready().catch(() => {});
