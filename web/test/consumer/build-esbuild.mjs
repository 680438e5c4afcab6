// Bundles the consumer app with esbuild into dist-esbuild/, as an app would. esbuild
// leaves `new URL("./wasmgear.wasm", import.meta.url)` alone, so the module is copied next
// to the bundle (the README's recipe); a second copy under cdn/ serves the test of the
// `wasmURL` option.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const out = "dist-esbuild";
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: ["src/main.ts"],
  outfile: `${out}/main.js`,
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  logLevel: "warning",
});
const wasm = fileURLToPath(import.meta.resolve("wasmgear/wasmgear.wasm"));
copyFileSync(wasm, `${out}/wasmgear.wasm`);
mkdirSync(`${out}/cdn`);
copyFileSync(wasm, `${out}/cdn/wasmgear.wasm`);
writeFileSync(`${out}/index.html`, readFileSync("index.html", "utf8").replace('src="/src/main.ts"', 'src="/main.js"'));

// The README's npm example, exactly as written, bundled into dist-readme/: the end-to-end
// suite runs it in Chromium (sign-in cancelled, then completed).
const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const example = readme.match(/^## Install\n[\s\S]*?```ts\n([\s\S]*?)```/m);
if (!example) throw new Error('the README has no TypeScript example under "## Install"');
const readmeOut = "dist-readme";
rmSync(readmeOut, { recursive: true, force: true });
await build({
  stdin: { contents: example[1], loader: "ts", resolveDir: ".", sourcefile: "readme-install.ts" },
  outfile: `${readmeOut}/main.js`,
  bundle: true,
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});
copyFileSync(wasm, `${readmeOut}/wasmgear.wasm`);
writeFileSync(`${readmeOut}/index.html`, '<!doctype html>\n<title>README example</title>\n<body>\n<script type="module" src="/main.js"></script>\n');
