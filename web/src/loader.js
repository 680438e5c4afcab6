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
  compileCore(url); // the download and compilation run while Go's runtime support loads
  const { Go, shims } = await goRuntime();
  lend(shims);
  try {
    const go = new Go();
    // Go finds the loader through a one-time global callback whose name it gets in its
    // environment (WASMGEAR_LOADER: Go reads it without package os); the callback removes
    // itself, so nothing but window.authgear stays behind.
    const callbackName = "__wasmgear_ready_" + Math.random().toString(36).slice(2);
    const ready = new Promise((resolve) => {
      globalThis[callbackName] = (exports) => {
        mark("exports");
        delete globalThis[callbackName];
        resolve(exports);
      };
    });
    // GOGC=25: the SDK's live heap is about half a MiB, but Go's default (100) lets the
    // heap reach 4 MiB before its first collection, and the runtime's bookkeeping grows
    // with it: memory went from 3.3 MiB after configure to 10.8 MiB under steady calls
    // (e2e/memory_test.go). At 25 it levels off at about 6 MiB.
    go.env = { GOGC: "25", WASMGEAR_LOADER: callbackName };
    let instance;
    try {
      instance = await instantiate(url, go.importObject);
    } catch (e) {
      delete globalThis[callbackName];
      throw new AuthgearError("wasmgear: could not load " + url + ": " + (e && e.message ? e.message : e), { cause: e, code: "load_failed" });
    }
    mark("instantiated");
    const exited = go.run(instance).then(() => {
      throw new AuthgearError("wasmgear: the WebAssembly core stopped", { code: "internal" });
    });
    const exports = await Promise.race([ready, exited]);
    exports.wasm = instance.exports; // the module's own //go:wasmexport functions: the glue's quick calls
    return exports;
  } finally {
    giveBack(shims);
  }
}

// Go's wasm_exec.js defines the globals fs, process, path and Go (the first three only when
// the page has none). Go's syscall package reads fs and process once, while the program
// starts; the runtime's own console writes use the copy build.mjs makes it keep. So they
// are on globalThis only while a module starts, and removed after: a library's
// `typeof process !== "undefined" && process.env.NODE_ENV` keeps working on the page.
const runtimeGlobals = ["fs", "process", "path", "Go"];
let runtime; // { Go, shims }: Go's class and the globals wasm_exec.js added
let lent = 0; // how many starts are in progress

async function goRuntime() {
  if (!runtime) {
    const had = runtimeGlobals.filter((name) => Object.prototype.hasOwnProperty.call(globalThis, name));
    await import("./wasm_exec.js"); // Go's own runtime support, evaluated only now
    const shims = {};
    for (const name of runtimeGlobals) {
      if (!had.includes(name)) shims[name] = globalThis[name];
    }
    // While it is lent, Go's process stand-in answers process.env like a browser polyfill.
    if (shims.process && !shims.process.env) shims.process.env = {};
    runtime = { Go: globalThis.Go, shims };
    lent++;
    giveBack(shims);
  }
  return runtime;
}

function lend(shims) {
  if (lent++ === 0) Object.assign(globalThis, shims);
}

function giveBack(shims) {
  if (--lent === 0) {
    for (const name of Object.keys(shims)) delete globalThis[name];
  }
}

const compiles = new Map(); // wasm URL → Promise<WebAssembly.Module>

/**
 * compileCore starts downloading and compiling the module at wasmURL (once per URL), so
 * that both run while the rest of the page's scripts are evaluated: the script tag calls
 * it before anything else. Compiling needs no imports; loadCore instantiates the result.
 * A failure is forgotten, so that a later load tries again.
 */
export function compileCore(wasmURL) {
  const key = String(wasmURL);
  let compiling = compiles.get(key);
  if (!compiling) {
    compiling = compile(key);
    compiles.set(key, compiling);
    compiling.catch(() => compiles.delete(key));
  }
  return compiling;
}

// compile compiles while downloading when the server sends application/wasm, and from
// bytes otherwise, so a server that does not know the .wasm type still works.
async function compile(url) {
  mark("fetch");
  const response = await fetch(url);
  mark("response");
  if (!response.ok) {
    throw new Error("HTTP " + response.status);
  }
  const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
  const module = WebAssembly.compileStreaming && type === "application/wasm"
    ? await WebAssembly.compileStreaming(response)
    : await WebAssembly.compile(await response.arrayBuffer());
  mark("compiled");
  return module;
}

async function instantiate(url, imports) {
  const module = await compileCore(url);
  compiles.delete(url); // instantiated once per page: the compiled module need not stay
  return WebAssembly.instantiate(module, imports);
}

// mark adds the User Timing mark "wasmgear:" + name, so the browser's Performance panel
// (and make bench) show where the start-up goes: fetch, response, compiled, instantiated
// and exports here, main and configure from Go. A mark costs a few microseconds.
function mark(name) {
  if (typeof performance === "object" && performance.mark) performance.mark("wasmgear:" + name);
}
