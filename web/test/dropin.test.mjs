// The drop-in promise at compile time: web/test/authgear-web/app/app.ts, an app that uses
// every public member, option, result field, enumeration and error class of @authgear/web
// 6.0.0, compiles against @authgear/web and, with only the module name changed, against
// the installed wasmgear tarball: every one of the 45 WebContainer members and every
// exported type is there, so tsc must report no error at all.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, consumer, here, requireFromConsumer, run } from "./helpers.mjs";

const parity = join(here, "authgear-web");
const appSource = readFileSync(join(parity, "app", "app.ts"), "utf8");

test("the app uses every export and every member and field of @authgear/web's declarations", () => {
  const ts = requireFromConsumer("typescript");
  const file = join(parity, "node_modules", "@authgear", "web", "index.d.ts");
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const words = new Set(appSource.match(/[A-Za-z_][A-Za-z0-9_]*/g));
  const unused = [];
  const visit = (node, owner) => {
    if ((ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node)) && node.name) {
      if (!words.has(node.name.text)) unused.push(node.name.text);
      owner = node.name.text;
    } else if (ts.isVariableStatement(node)) {
      // defaultContainer is the default export, which the app imports as `authgear`.
      for (const d of node.declarationList.declarations) if (d.name.text !== "defaultContainer" && !words.has(d.name.text)) unused.push(d.name.text);
    } else if ((ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) ||
      ts.isMethodSignature(node) || ts.isGetAccessor(node) || ts.isEnumMember(node)) && node.name && ts.isIdentifier(node.name)) {
      const isPrivate = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
      const internal = ts.getJSDocTags(node).some((t) => t.tagName.text === "internal");
      if (!isPrivate && !internal && !node.name.text.startsWith("_") && !words.has(node.name.text)) unused.push(`${owner}.${node.name.text}`);
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };
  visit(source, "");
  assert.deepEqual(unused, [], "parts of @authgear/web the app does not use");
});

test("the app compiles against @authgear/web 6.0.0", () => {
  const { status, out } = run(bin("tsc"), ["-p", join(parity, "app")]);
  assert.equal(status, 0, out);
});

test("with only the module name changed, the app compiles against wasmgear", () => {
  const dir = join(consumer, "dropin");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  try {
    const changed = appSource.replace('from "@authgear/web";', 'from "wasmgear";');
    assert.notEqual(changed, appSource);
    writeFileSync(join(dir, "app.ts"), changed);
    writeFileSync(join(dir, "tsconfig.json"), readFileSync(join(parity, "app", "tsconfig.json")));
    const { status, out } = run(bin("tsc"), ["-p", dir]);
    assert.equal(status, 0, out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
