// make bench's preparation: bundles @authgear/web 6.0.0 the way an app ships it (its module
// entry, minified by esbuild into one script that defines window.authgear as its own IIFE
// does), then prints the raw, gzip -9 and brotli -q 11 sizes of every file named on the
// command line as JSON, for the Go program to tabulate.
import { build } from "esbuild";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, brotliDecompressSync, gzipSync, constants } from "node:zlib";

await build({
  stdin: { contents: `export * from "@authgear/web"; export { default } from "@authgear/web";`, resolveDir: ".", loader: "js" },
  outfile: "dist/authgear-web.min.js",
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "authgear",
  target: "es2020",
  legalComments: "none",
  logLevel: "warning",
});

// Served compressed, as the bench serves wasmgear's files (build.mjs writes those).
const bundle = readFileSync("dist/authgear-web.min.js");
writeFileSync("dist/authgear-web.min.js.gz", gzipSync(bundle, { level: 9 }));
writeFileSync("dist/authgear-web.min.js.br", brotliCompressSync(bundle, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));

const sizes = {};
for (const file of process.argv.slice(2)) {
  const data = readFileSync(file);
  sizes[file] = {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotli(file, data),
  };
}
console.log(JSON.stringify(sizes));

// brotli is the -q 11 size; web/build.mjs has already compressed wasmgear's files that way,
// and a copy that decompresses to the file is reused (compressing the module takes seconds).
function brotli(file, data) {
  const copy = file + ".br";
  if (existsSync(copy)) {
    const compressed = readFileSync(copy);
    if (brotliDecompressSync(compressed).equals(data)) return compressed.length;
  }
  return brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
}
