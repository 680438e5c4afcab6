// Loads the WebAssembly core once per page and hands out its exports object.
import { AuthgearError } from "./errors.js";

const loads = new Map(); // wasm URL → Promise<exports>

/**
 * loadCore starts the Go program at wasmURL (once per URL) and resolves with its exports.
 * A failed load is forgotten so that a later call can try again.
 */
export function loadCore(wasmURL) {
  const key = String(wasmURL);
  let loading = loads.get(key);
  if (!loading) {
    loading = start(key);
    loads.set(key, loading);
    loading.catch(() => loads.delete(key));
  }
  return loading;
}

async function start(url) {
  if (typeof WebAssembly !== "object") {
    throw new AuthgearError("wasmgear: this browser has no WebAssembly support", { code: "unsupported" });
  }
  await import("./wasm_exec.js"); // Go's own runtime support, evaluated only now
  const go = new globalThis.Go();
  // Go finds the loader through a one-time global callback whose name it gets as argv[1];
  // the callback removes itself, so nothing but window.authgear stays behind.
  const callbackName = "__wasmgear_ready_" + Math.random().toString(36).slice(2);
  const ready = new Promise((resolve) => {
    globalThis[callbackName] = (exports) => {
      delete globalThis[callbackName];
      resolve(exports);
    };
  });
  go.argv = ["wasmgear", callbackName];
  let instance;
  try {
    instance = await instantiate(url, go.importObject);
  } catch (e) {
    delete globalThis[callbackName];
    throw new AuthgearError("wasmgear: could not load " + url + ": " + (e && e.message ? e.message : e), { cause: e, code: "load_failed" });
  }
  const exited = go.run(instance).then(() => {
    throw new AuthgearError("wasmgear: the WebAssembly core stopped", { code: "internal" });
  });
  return Promise.race([ready, exited]);
}

// instantiate compiles while downloading when the server sends application/wasm, and
// from bytes otherwise, so a server that does not know the .wasm type still works.
async function instantiate(url, imports) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error("HTTP " + response.status);
  }
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
  if (WebAssembly.instantiateStreaming && type === "application/wasm") {
    return (await WebAssembly.instantiateStreaming(response, imports)).instance;
  }
  return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
}
