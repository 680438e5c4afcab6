// Bundles the JS glue: dist/authgear.js (script tag, IIFE) and dist/index.js (npm, ESM),
// copies the type declarations (types/*.d.ts, entry index.d.ts) to dist/, then writes .br
// and .gz copies of the shipped files for servers that serve them.
import { build } from "esbuild";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync, constants } from "node:zlib";

// Go's wasm_exec.js writes the runtime's console output through the bare global `fs`;
// src/loader.js removes that global once the module has started, so the runtime keeps its
// own handle, taken right after wasm_exec.js defines it. The build fails if Go's file
// changed shape.
const goRuntimeKeepsItsFS = {
  name: "go-runtime-keeps-its-fs",
  setup(b) {
    b.onLoad({ filter: /wasm_exec\.js$/ }, ({ path }) => {
      let source = readFileSync(path, "utf8");
      for (const [from, to] of [
        ["(() => {\n", "(() => {\n\tlet fs; // wasmgear: set below, so the global may go\n"],
        ["\tif (!globalThis.crypto) {", "\tfs = globalThis.fs;\n\tif (!globalThis.crypto) {"],
      ]) {
        if (!source.includes(from) || !source.includes("fs.writeSync(")) {
          throw new Error(`wasm_exec.js: ${JSON.stringify(from)} not found; update build.mjs for this Go version`);
        }
        source = source.replace(from, to);
      }
      return { contents: source, loader: "js" };
    });
  },
};
const common = { bundle: true, target: "es2020", legalComments: "none", logLevel: "warning", plugins: [goRuntimeKeepsItsFS] };

await build({ ...common, entryPoints: ["src/script-tag.js"], outfile: "dist/authgear.js", format: "iife", minify: true });
await build({ ...common, entryPoints: ["src/index.js"], outfile: "dist/index.js", format: "esm" });
// wasmgear/react is not bundled: it imports react (the app's) and ./index.js (the same
// module instance as "wasmgear", so both see one default container).
await build({ entryPoints: ["src/react.js"], outfile: "dist/react.js", format: "esm", bundle: false, target: "es2020", logLevel: "warning" });
for (const file of readdirSync("types").filter((name) => name.endsWith(".d.ts"))) {
  copyFileSync(`types/${file}`, `dist/${file}`);
}

// Brotli at quality 11 takes seconds on the module, so a copy that already decompresses
// to the current bytes is kept: a rebuild with no change stays fast.
const encoders = {
  br: {
    encode: (data) => brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }),
    decode: brotliDecompressSync,
  },
  gz: { encode: (data) => gzipSync(data, { level: 9 }), decode: gunzipSync },
};

for (const file of ["dist/wasmgear.wasm", "dist/authgear.js", "dist/index.js", "dist/wasm_exec.js"]) {
  const data = readFileSync(file);
  for (const [ext, { encode, decode }] of Object.entries(encoders)) {
    const out = file + "." + ext;
    if (!upToDate(out, data, decode)) {
      writeFileSync(out, encode(data));
    }
  }
}

function upToDate(out, data, decode) {
  if (!existsSync(out)) {
    return false;
  }
  try {
    return decode(readFileSync(out)).equals(data);
  } catch {
    return false;
  }
}
