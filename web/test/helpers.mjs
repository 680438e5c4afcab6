// Shared by the tests of the npm package (npm.test.mjs, types.test.mjs): where things are
// and how to run the tools the consumer app installed.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const consumer = join(here, "consumer");
export const dist = join(here, "..", "dist");
export const installed = join(consumer, "node_modules", "wasmgear");
export const referencePage = join(here, "..", "..", "e2e", "testdata", "reference-002-authorized-api-calls.txt");
export const requireFromConsumer = createRequire(join(consumer, "package.json"));

/** run executes a command in consumer/ and returns its exit status and output. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: consumer, encoding: "utf8", ...options });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status, out: result.stdout + result.stderr };
}

/** runAsync is run without blocking, so that independent tsc runs share the two cores. */
export function runAsync(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: consumer });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, out }));
  });
}

/** bin is the path of a tool the consumer installed (tsc, vite). */
export function bin(name) {
  return join(consumer, "node_modules", ".bin", name);
}

/** filesUnder lists the files under dir, relative to it, sorted. */
export function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

/** loadPackage imports the installed package the way the consumer app resolves it. */
export async function loadPackage() {
  return import(pathToFileURL(requireFromConsumer.resolve("wasmgear")).href);
}

/** declarationFiles lists the package's .d.ts files (web/types/, copied to dist/). */
export function declarationFiles() {
  return readdirSync(join(here, "..", "types")).filter((f) => f.endsWith(".d.ts")).sort();
}
