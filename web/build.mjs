// Bundles the JS glue: dist/authgear.js (script tag, IIFE) and dist/index.js (npm, ESM),
// then writes .br and .gz copies of the shipped files for servers that serve them.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const common = { bundle: true, target: "es2020", legalComments: "none", logLevel: "warning" };

await build({ ...common, entryPoints: ["src/script-tag.js"], outfile: "dist/authgear.js", format: "iife", minify: true });
await build({ ...common, entryPoints: ["src/index.js"], outfile: "dist/index.js", format: "esm" });

for (const file of ["dist/wasmgear.wasm", "dist/authgear.js", "dist/index.js", "dist/wasm_exec.js"]) {
  const data = readFileSync(file);
  writeFileSync(file + ".br", brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
  writeFileSync(file + ".gz", gzipSync(data, { level: 9 }));
}
