// The package's TypeScript declarations, checked against the installed tarball: they name
// every runtime export and member, document each one, accept typed code that uses the
// whole API (plus the reference page's snippets and the README's example) under two
// module resolutions, and reject deliberate misuse with exactly the expected errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, consumer, here, installed, loadPackage, referencePage, requireFromConsumer, run, runAsync } from "./helpers.mjs";

test("the declarations name every runtime export, member and enumeration value", async () => {
  const ts = requireFromConsumer("typescript");
  const program = ts.createProgram([join(consumer, "types", "api.ts")], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    strict: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const declarations = program.getSourceFile(join(installed, "dist", "index.d.ts"));
  assert.ok(declarations, "tsc did not resolve wasmgear to dist/index.d.ts");
  const moduleSymbol = checker.getSymbolAtLocation(declarations);
  const resolveAlias = (s) => (s.getFlags() & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const typedExports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.getName(), resolveAlias(s)]));
  const mod = await loadPackage();

  // Every value the package exports is declared (types-only exports may add more).
  for (const name of Object.keys(mod)) {
    assert.ok(typedExports.has(name), `export ${name} is not declared`);
    assert.ok(typedExports.get(name).getFlags() & ts.SymbolFlags.Value, `export ${name} is declared as a type only`);
  }
  for (const [name, symbol] of typedExports) {
    if (symbol.getFlags() & ts.SymbolFlags.Value) {
      assert.ok(name in mod, `${name} is declared but not exported`);
    }
  }

  const propertiesOf = (name) => {
    const symbol = typedExports.get(name);
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    return new Set(checker.getPropertiesOfType(type).map((p) => p.getName()));
  };
  // WebContainer: the prototype's methods and getters and the instance's own fields.
  const instance = new mod.WebContainer({ name: "probe" });
  const runtimeMembers = [
    ...Object.getOwnPropertyNames(mod.WebContainer.prototype),
    ...Object.keys(instance),
  ].filter((name) => name !== "constructor" && !name.startsWith("_"));
  assert.deepEqual([...propertiesOf("WebContainer")].sort(), [...new Set(runtimeMembers)].sort());

  // Error classes: every field the runtime sets is declared.
  for (const name of ["AuthgearError", "OAuthError", "ServerError", "NetworkError", "CancelError"]) {
    const typed = propertiesOf(name);
    const made = name === "AuthgearError" ? new mod[name]("m") : new mod[name]({ message: "m" });
    assert.equal(made.name, name);
    for (const field of Object.keys(made)) {
      assert.ok(typed.has(field), `${name}.${field} is not declared`);
    }
  }

  // Enumerations: the same keys with the same string literal values.
  for (const name of ["SessionState", "SessionStateChangeReason", "PromptOption", "TokenStorage", "SessionType"]) {
    const symbol = typedExports.get(name);
    const type = checker.getTypeOfSymbolAtLocation(symbol, declarations);
    const typed = Object.fromEntries(
      checker.getPropertiesOfType(type).map((p) => [p.getName(), JSON.parse(checker.typeToString(checker.getTypeOfSymbolAtLocation(p, declarations)))]),
    );
    assert.deepEqual(typed, { ...mod[name] }, name);
  }
});

test("every declaration and every member of the .d.ts files has a doc comment", () => {
  const ts = requireFromConsumer("typescript");
  const undocumented = [];
  for (const name of readdirSync(join(installed, "dist")).filter((f) => f.endsWith(".d.ts"))) {
    const file = join(installed, "dist", name);
    undocumented.push(...undocumentedIn(ts, ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true)));
  }
  assert.deepEqual(undocumented, []);
});

/** undocumentedIn lists the declarations and members of a .d.ts that have no doc comment. */
function undocumentedIn(ts, source) {
  const undocumented = [];
  const check = (node, label) => {
    if (ts.getJSDocCommentsAndTags(node).length === 0) {
      undocumented.push(label);
    }
  };
  const members = (owner, list) => {
    for (const member of list) {
      check(member, `${owner}.${member.name ? member.name.getText(source) : "constructor"}`);
    }
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        check(decl, decl.name.getText(source));
        if (decl.type && ts.isTypeLiteralNode(decl.type)) {
          members(decl.name.getText(source), decl.type.members);
        }
      }
    } else if (ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) {
      check(statement, statement.name.getText(source));
      members(statement.name.getText(source), statement.members);
    } else if (ts.isTypeAliasDeclaration(statement)) {
      check(statement, statement.name.getText(source));
    }
  }
  return undocumented;
}

/** referenceSnippets returns the JavaScript tabs of the reference page, as published. */
function referenceSnippets() {
  const page = readFileSync(referencePage, "utf8");
  const snippets = [...page.matchAll(/\{% tab title="Javascript" %\}\s*```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(snippets.length, 5, "JavaScript snippets in the reference page");
  return snippets;
}

/** readmeExample returns the npm example of the README's "Install" section. */
function readmeExample() {
  const readme = readFileSync(join(here, "..", "..", "README.md"), "utf8");
  const m = readme.match(/^## Install\n[\s\S]*?```ts\n([\s\S]*?)```/m);
  assert.ok(m, "the README has no TypeScript example under \"## Install\"");
  return m[1];
}

test("tsc --noEmit accepts every API member, the consumer app, the reference snippets and the README", async () => {
  const dir = join(consumer, "types", "reference");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  referenceSnippets().forEach((snippet, i) => {
    writeFileSync(
      join(dir, `snippet-${i + 1}.ts`),
      `// Generated by web/test/types.test.mjs: JavaScript snippet ${i + 1} of the reference page, unchanged.\n` +
        `import authgear from "wasmgear";\n\n${snippet}\nexport {};\n`,
    );
  });
  writeFileSync(join(dir, "readme-install.ts"), `// Generated by web/test/types.test.mjs: the README's npm example, unchanged.\n${readmeExample()}`);
  const configs = ["tsconfig.json", "tsconfig.node16.json", "tsconfig.react.json"];
  const results = await Promise.all(configs.map((config) => runAsync(bin("tsc"), ["-p", join("types", config), "--noEmit", "--pretty", "false"])));
  results.forEach((result, i) => assert.equal(result.status, 0, `${configs[i]}:\n${result.out}`));
});

test("tsc rejects the deliberate misuse with exactly the expected errors", () => {
  const file = join("types", "misuse.ts");
  const expected = [];
  readFileSync(join(consumer, file), "utf8").split("\n").forEach((line, i) => {
    const m = line.match(/\/\/ expect-error (TS\d+):/);
    if (m) {
      expected.push(`line ${i + 2}: ${m[1]}`); // the line after the comment, 1-based
    }
  });
  assert.ok(expected.length >= 10, "misuse.ts lost its cases");
  const result = run(bin("tsc"), ["-p", join("types", "tsconfig.misuse.json"), "--noEmit", "--pretty", "false"]);
  assert.notEqual(result.status, 0, "misuse.ts compiled");
  const reported = [...result.out.matchAll(/^types\/misuse\.ts\((\d+),\d+\): error (TS\d+):/gm)].map((m) => `line ${m[1]}: ${m[2]}`);
  const errorLines = result.out.split("\n").filter((line) => / error TS\d+:/.test(line));
  assert.equal(errorLines.length, reported.length, `errors outside misuse.ts:\n${result.out}`);
  assert.deepEqual(reported, expected, result.out);
});
