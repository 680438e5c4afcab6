// Prints what a page downloads, raw, gzip -9 and brotli -q 11: `make size`.
import { readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const files = ["web/dist/wasmgear.wasm", "web/dist/authgear.js"];
let total = { raw: 0, gzip: 0, brotli: 0 };
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KiB";
console.log("file".padEnd(28) + "raw".padStart(12) + "gzip".padStart(13) + "brotli".padStart(13));
for (const file of files) {
  const data = readFileSync(file);
  const sizes = {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  for (const k in total) total[k] += sizes[k];
  console.log(file.padEnd(28) + kb(sizes.raw) + " " + kb(sizes.gzip) + " " + kb(sizes.brotli));
}
console.log("total".padEnd(28) + kb(total.raw) + " " + kb(total.gzip) + " " + kb(total.brotli));
console.log(`total brotli: ${total.brotli} bytes (the figure e2e/size_test.go checks against its budget)`);
