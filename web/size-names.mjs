// Where the bytes of the WebAssembly module go, read from an unstripped build's name section:
// `make size`. Prints the module's sections, then the packages and functions with the most
// code. Brotli per package compresses that package's function bodies alone, so the column
// ranks packages (it does not sum to the module's total: code compresses better together).
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const file = process.argv[2];
const topPackages = Number(process.argv[3] || 25);
const topSymbols = Number(process.argv[4] || 25);
const bytes = readFileSync(file);
let pos = 8; // magic and version

function uleb() {
  let result = 0, shift = 0, b;
  do {
    b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return result;
}
function name() {
  const n = uleb();
  const s = bytes.toString("utf8", pos, pos + n);
  pos += n;
  return s;
}

const sectionNames = ["custom", "type", "import", "function", "table", "memory", "global",
  "export", "start", "element", "code", "data", "datacount"];
const sections = [];
let importedFuncs = 0;
const bodies = []; // [start, end) of each defined function's body
const names = new Map();
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = uleb();
  const start = pos, end = pos + size;
  let label = sectionNames[id] ?? `id ${id}`;
  if (id === 0) {
    const custom = name();
    label = `custom "${custom}"`;
    if (custom === "name") {
      while (pos < end) {
        const sub = bytes[pos++], subSize = uleb(), subEnd = pos + subSize;
        if (sub === 1) for (let i = uleb(); i > 0; i--) names.set(uleb(), name());
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    for (let i = uleb(); i > 0; i--) {
      name(); name();
      const kind = bytes[pos++];
      if (kind === 0) { importedFuncs++; uleb(); }
      else if (kind === 1) { pos++; const f = uleb(); uleb(); if (f & 1) uleb(); }
      else if (kind === 2) { const f = uleb(); uleb(); if (f & 1) uleb(); }
      else pos += 2; // global: type, mutability
    }
  } else if (id === 10) {
    for (let i = uleb(); i > 0; i--) {
      const n = uleb();
      bodies.push([pos, pos + n]);
      pos += n;
    }
  }
  sections.push({ label, size: end - start, data: bytes.subarray(start, end) });
  pos = end;
}

const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kib = (n) => (n / 1024).toFixed(1).padStart(9) + " KiB";

// Go's linker writes names with "/" as "_" and "(*T)" as "__T_": packageOf reads the package
// back, "github.com_a_b.__T_.M" → "github.com/a/b"; "type:.eq.x" and the like keep their prefix.
function packageOf(fn) {
  const domain = fn.match(/^[a-z0-9-]+(\.[a-z0-9-]+)+_/);
  const rest = domain ? fn.slice(domain[0].length) : fn;
  const dot = rest.search(/[.:]/);
  const pkg = (domain ? domain[0] : "") + (dot < 0 ? rest : rest.slice(0, dot));
  return pkg.replaceAll("_", "/").replace(/\/$/, "");
}

console.log(`${file}: ${kib(bytes.length)} raw`);
console.log("section".padEnd(30) + "raw".padStart(13) + "brotli".padStart(14));
for (const s of sections.filter((s) => s.size > 1024)) {
  console.log(s.label.padEnd(30) + kib(s.size) + " " + kib(brotli(s.data)));
}

const perPackage = new Map();
const symbols = [];
bodies.forEach(([start, end], i) => {
  const fn = names.get(importedFuncs + i) ?? `func ${importedFuncs + i}`;
  symbols.push({ fn, size: end - start });
  const pkg = packageOf(fn);
  const entry = perPackage.get(pkg) ?? { size: 0, funcs: 0, parts: [] };
  entry.size += end - start;
  entry.funcs++;
  entry.parts.push(bytes.subarray(start, end));
  perPackage.set(pkg, entry);
});

console.log(`\ntop ${topPackages} packages by code (of ${perPackage.size})`);
console.log("package".padEnd(52) + "funcs".padStart(6) + "code".padStart(13) + "brotli".padStart(14));
[...perPackage].sort((a, b) => b[1].size - a[1].size).slice(0, topPackages).forEach(([pkg, e]) => {
  console.log(pkg.slice(0, 51).padEnd(52) + String(e.funcs).padStart(6) + kib(e.size) + " " + kib(brotli(Buffer.concat(e.parts))));
});

console.log(`\ntop ${topSymbols} functions by code`);
symbols.sort((a, b) => b.size - a.size).slice(0, topSymbols).forEach((s) => {
  console.log(kib(s.size) + "  " + s.fn);
});
