// The npm entry point. Importing it has no side effect beyond defining classes, so it is
// safe in server-side rendering and Node; the WebAssembly loads on first use in a browser.
import { WebContainer, setDefaultWasmURL } from "./container.js";

setDefaultWasmURL(new URL("./wasmgear.wasm", import.meta.url));

export { WebContainer };
export { AuthgearError, OAuthError, ServerError, NetworkError, CancelError } from "./errors.js";
export { SessionState, SessionStateChangeReason, PromptOption, TokenStorage, SessionType } from "./constants.js";

/** The default container, the same object the script tag installs as `window.authgear`. */
const authgear = new WebContainer();
export default authgear;
