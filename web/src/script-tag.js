// The script-tag entry: defines window.authgear (the default container) and nothing else.
// The module is fetched from next to this script, resolved while the script runs.
import { WebContainer, setDefaultWasmURL } from "./container.js";
import { AuthgearError, OAuthError, ServerError, NetworkError, CancelError } from "./errors.js";
import { SessionState, SessionStateChangeReason, PromptOption, TokenStorage, SessionType } from "./constants.js";

const script = typeof document !== "undefined" ? document.currentScript : null;
setDefaultWasmURL(new URL("wasmgear.wasm", script && script.src ? script.src : location.href));

const authgear = new WebContainer();
// The classes hang off the container so script-tag users can write `authgear.OAuthError`.
Object.assign(authgear, {
  WebContainer,
  AuthgearError,
  OAuthError,
  ServerError,
  NetworkError,
  CancelError,
  SessionState,
  SessionStateChangeReason,
  PromptOption,
  TokenStorage,
  SessionType,
});
globalThis.authgear = authgear;
// Start fetching the module now: by the time the page calls configure it is usually ready.
authgear._ready().catch(() => {});
