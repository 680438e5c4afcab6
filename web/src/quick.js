// The glue's side of the quick calls (jsbridge/quick_exports.go). refreshAccessTokenIfNeeded()
// with a valid token and fetch() with no refresh due are each decided by one call of a
// //go:wasmexport function, which takes and returns numbers; the glue then does what the
// answer says. Why the glue does the Request mechanics instead of Go: measured, a call
// into a js.FuncOf function costs 36–48 µs of wasm_exec.js machinery, a wasmexport call
// 0.05 µs, and every JS value that enters Go 1–10 µs more (a finalizer each). Nothing is
// decided here: Go's answer names what to add, and 0 means "the usual way" (the
// container's Go method, which may wait).

// A request's flags: facts read off the Request and init (quick_exports.go's flag*).
const REPLAYABLE = 1;
const OWN_AUTHORIZATION = 2;
const OWN_CREDENTIALS = 4;
// The answer's bits (quick_exports.go's quick*).
const SEND = 1;
const AUTHORIZE = 2;
const INCLUDE_CREDENTIALS = 4;
const WATCH_REPLY = 8;

/** resolved is the one settled Promise every quick refreshAccessTokenIfNeeded() returns. */
export const resolved = Promise.resolve();

const encoder = new TextEncoder();

/**
 * quickCalls is one container's side of the contract: the module's exports (the loader's
 * `wasm`), the container's number and its slot, where Go leaves `authorization` and `fetch`.
 */
export function quickCalls(exports, container) {
  const wasm = exports.wasm;
  if (!wasm || typeof wasm.wasmgear_fetch_now !== "function" || typeof container.handle !== "number") {
    return undefined; // a module without them: every call goes the usual way
  }
  return { wasm, handle: container.handle, slot: container.slot, view: undefined };
}

/** refreshNow reports whether refreshAccessTokenIfNeeded() has nothing to do. */
export function refreshNow(q) {
  return q.wasm.wasmgear_refresh_now(q.handle) === 1;
}

/**
 * requestFlags reads what the core decides on besides the URL; init is the app's, as
 * native fetch reads it (a getter that throws rejects the call).
 */
export function requestFlags(req, init) {
  let flags = req.headers.has("Authorization") ? OWN_AUTHORIZATION : 0;
  if (init === null || typeof init !== "object") {
    return flags | REPLAYABLE;
  }
  if (init.credentials !== undefined) flags |= OWN_CREDENTIALS;
  const oneShot = typeof ReadableStream === "function" && init.body instanceof ReadableStream;
  return oneShot ? flags : flags | REPLAYABLE;
}

/**
 * sendNow sends req with what Go's answer adds and returns the browser's fetch Promise,
 * chained to one look at the status when a replay is possible (`replay(copy, flags,
 * reply, authorization)` is the usual path's replayFetch); undefined: the usual way.
 */
export function sendNow(q, req, flags, replay) {
  const length = writeURL(q, req.url);
  const answer = length > 0 ? q.wasm.wasmgear_fetch_now(q.handle, length, flags) : 0;
  if (!(answer & SEND)) {
    return undefined;
  }
  try {
    const out = answer & INCLUDE_CREDENTIALS ? new Request(req, { credentials: "include" }) : req;
    // The copy for a replay is taken before the header is set; a Request without a body
    // is not used up by fetch, so it is its own copy.
    const copy = answer & WATCH_REPLY ? (out.body === null ? out : out.clone()) : undefined;
    const used = answer & AUTHORIZE ? q.slot.authorization : undefined;
    if (used !== undefined) out.headers.set("Authorization", used);
    const sent = (q.slot.fetch || globalThis.fetch)(out);
    if (!(answer & WATCH_REPLY)) {
      return sent;
    }
    return sent.then((reply) => (q.wasm.wasmgear_reply_needs_go(reply.status) ? replay(copy, flags, reply, used) : reply));
  } catch (e) {
    return Promise.reject(e); // what native fetch rejects with
  }
}

// writeURL writes url as UTF-8 into the module's URL buffer and returns its length, or
// -1 when it does not fit (the usual way takes any URL). The view is made again after
// the module's memory grew, which detaches the old buffer.
function writeURL(q, url) {
  if (!q.view || q.view.byteLength === 0) {
    q.view = new Uint8Array(q.wasm.mem.buffer, q.wasm.wasmgear_url_buffer() >>> 0, q.wasm.wasmgear_url_buffer_size());
  }
  const { read, written } = encoder.encodeInto(url, q.view);
  return read === url.length ? written : -1;
}
