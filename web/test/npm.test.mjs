// The npm package as users install it. `make test-npm` packs web/ (npm pack), installs
// the tarball into consumer/ with `npm ci`, then runs this file and types.test.mjs
// (`node --test`): the installed copy is the fresh build, the manifest is what bundlers
// and TypeScript read, Node imports it without a window, and esbuild and Vite bundle the
// consumer app into consumer/dist-esbuild and consumer/dist-vite, which e2e/npm_test.go
// then drives in Chrome.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bin, consumer, declarationFiles, dist, filesUnder, here, installed, requireFromConsumer, run } from "./helpers.mjs";

test("the installed package is the tarball of the current build, not a stale copy", () => {
  // With an integrity recorded, npm ci would install a cached older tarball of the same
  // name; `npm install` in consumer/ adds one back, so remove it after such a run.
  const lock = JSON.parse(readFileSync(join(consumer, "package-lock.json"), "utf8"));
  assert.equal(lock.packages["node_modules/wasmgear"].resolved, "file:wasmgear.tgz");
  assert.equal(lock.packages["node_modules/wasmgear"].integrity, undefined, "consumer/package-lock.json pins the tarball's integrity");
  for (const file of ["index.js", "authgear.js", "wasmgear.wasm", ...declarationFiles()]) {
    assert.ok(readFileSync(join(installed, "dist", file)).equals(readFileSync(join(dist, file))), `dist/${file} differs from web/dist`);
  }
  // A real install, not a link to web/.
  assert.equal(existsSync(join(installed, "build.mjs")), false);
});

test("the manifest: ESM, types first in exports, only dist shipped, no runtime dependencies", () => {
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  const source = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8"));
  assert.equal(manifest.name, "wasmgear");
  assert.equal(manifest.version, source.version);
  assert.equal(manifest.type, "module");
  assert.deepEqual(Object.keys(manifest.exports["."]), ["types", "default"]);
  assert.equal(manifest.exports["."].types, "./dist/index.d.ts");
  for (const field of ["dependencies", "optionalDependencies", "bundleDependencies"]) {
    assert.equal(manifest[field], undefined, field);
  }
  // React is needed only by wasmgear/react: an optional peer, never installed for others.
  assert.deepEqual(manifest.peerDependencies, { react: "^18.0.0 || ^19.0.0" });
  assert.deepEqual(manifest.peerDependenciesMeta, { react: { optional: true } });
  assert.deepEqual(manifest.exports["./react"], { types: "./dist/react.d.ts", default: "./dist/react.js" });
  const declarations = declarationFiles().map((f) => `dist/${f}`);
  assert.ok(declarations.includes("dist/index.d.ts"));
  assert.deepEqual(filesUnder(installed), [
    "dist/authgear.js",
    ...declarations,
    "dist/index.js",
    "dist/react.js",
    "dist/wasm_exec.js",
    "dist/wasmgear.wasm",
    "LICENSE",
    "package.json",
    "README.md",
  ].sort());
  // The package names MIT and ships the text; its README is the repository's.
  assert.equal(manifest.license, "MIT");
  assert.match(readFileSync(join(installed, "LICENSE"), "utf8"), /^MIT License\n/);
  assert.equal(readFileSync(join(installed, "README.md"), "utf8"), readFileSync(join(here, "..", "..", "README.md"), "utf8"));
  // The subpath exports resolve to shipped files.
  for (const subpath of ["wasmgear/wasmgear.wasm", "wasmgear/authgear.js", "wasmgear/react", "wasmgear/package.json"]) {
    assert.ok(existsSync(requireFromConsumer.resolve(subpath)), subpath);
  }
});

test("node -e 'import(\"wasmgear\")' succeeds without a window", () => {
  const plain = run(process.execPath, ["-e", 'import("wasmgear")']);
  assert.equal(plain.status, 0, plain.out);
  assert.equal(plain.out, "");
  // And the package is usable: the classes exist, and the first call rejects (no browser
  // to load the module in) instead of throwing.
  const script = `
    const m = await import("wasmgear");
    const out = { window: typeof window, state: m.default.sessionState, name: m.default.name,
      second: new m.WebContainer({ name: "second" }).name };
    try {
      await m.default.configure({ clientID: "c", endpoint: "https://example.com" });
      out.configure = "resolved";
    } catch (e) {
      out.configure = e instanceof m.AuthgearError ? "AuthgearError" : String(e);
    }
    console.log(JSON.stringify(out));`;
  const used = run(process.execPath, ["--input-type=module", "-e", script]);
  assert.equal(used.status, 0, used.out);
  assert.deepEqual(JSON.parse(used.out), {
    window: "undefined",
    state: "UNKNOWN",
    name: "default",
    second: "second",
    configure: "AuthgearError",
  });
});

test("esbuild bundles the app; the module is copied next to the bundle", () => {
  const result = run(process.execPath, ["build-esbuild.mjs"]);
  assert.equal(result.status, 0, result.out);
  const out = join(consumer, "dist-esbuild");
  assert.deepEqual(filesUnder(out), ["cdn/wasmgear.wasm", "index.html", "main.js", "wasmgear.wasm"]);
  assert.match(readFileSync(join(out, "main.js"), "utf8"), /new URL\("\.\/wasmgear\.wasm",import\.meta\.url\)/);
});

test("vite builds the app and emits the module as an asset by itself", () => {
  const result = run(bin("vite"), ["build", "--outDir", "dist-vite", "--emptyOutDir", "--logLevel", "warn"]);
  assert.equal(result.status, 0, result.out);
  const out = join(consumer, "dist-vite");
  const files = filesUnder(out);
  const wasm = files.filter((f) => /^assets\/wasmgear-[\w-]+\.wasm$/.test(f));
  assert.equal(wasm.length, 1, `no hashed wasm asset in ${files}`);
  assert.ok(readFileSync(join(out, wasm[0])).equals(readFileSync(join(dist, "wasmgear.wasm"))));
  const scripts = files.filter((f) => f.endsWith(".js"));
  assert.equal(scripts.length, 1, `${files}`);
  assert.ok(readFileSync(join(out, scripts[0]), "utf8").includes("/" + wasm[0]), "the bundle does not point at the asset");
});

test("vite builds the React app on wasmgear/react; the module is an asset, React is the app's", () => {
  const result = run(bin("vite"), ["build", "react", "--outDir", "../dist-react", "--emptyOutDir", "--logLevel", "warn"]);
  assert.equal(result.status, 0, result.out);
  const files = filesUnder(join(consumer, "dist-react"));
  assert.ok(files.includes("index.html"), `${files}`);
  assert.equal(files.filter((f) => /^assets\/wasmgear-[\w-]+\.wasm$/.test(f)).length, 1, `no hashed wasm asset in ${files}`);
});

test("wasmgear/react renders on the server (no window): UNKNOWN, not loading the module", async () => {
  const load = (name) => import(pathToFileURL(requireFromConsumer.resolve(name)).href);
  const bindings = await load("wasmgear/react");
  assert.deepEqual(Object.keys(bindings).sort(), ["AuthgearProvider", "useAuthgear", "useAuthgearCallback"]);
  const { default: React } = await load("react");
  const { renderToString } = (await load("react-dom/server")).default;
  function Status() {
    const { sessionState, isLoading } = bindings.useAuthgear();
    const callback = bindings.useAuthgearCallback();
    return React.createElement("p", null, `${sessionState} ${isLoading} ${callback.status}`);
  }
  const html = renderToString(
    React.createElement(bindings.AuthgearProvider, { configure: { clientID: "demo", endpoint: "http://127.0.0.1:1" } }, React.createElement(Status)),
  );
  assert.equal(html, "<p>UNKNOWN true idle</p>");
  assert.throws(() => renderToString(React.createElement(Status)), /needs an <AuthgearProvider>/);
});
