// The drop-in promise at runtime: every export of @authgear/web 6.0.0 (bar its internals)
// exists in the installed wasmgear package, with the same enumeration values, and the
// classes and helpers both have behave alike where an app can see it. @authgear/web is a
// dev dependency of this test only (web/test/authgear-web/package.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { here, loadPackage } from "./helpers.mjs";

const parity = join(here, "authgear-web");

// @authgear/web's module reads window.fetch and localStorage when it is imported (it makes
// its default container then): a stand-in window is enough, nothing is called.
async function loadAuthgearWeb() {
  globalThis.window ??= { fetch() {}, localStorage: { getItem: () => null, setItem() {}, removeItem() {} } };
  const require = createRequire(join(parity, "package.json"));
  const manifest = JSON.parse(readFileSync(require.resolve("@authgear/web/package.json"), "utf8"));
  assert.equal(manifest.version, "6.0.0");
  return require("@authgear/web");
}

const isEnum = (v) => v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

test("every export of @authgear/web 6.0.0 exists in wasmgear, enumerations with equal values", async () => {
  const theirs = await loadAuthgearWeb();
  const ours = await loadPackage();
  const names = Object.keys(theirs).filter((n) => !n.startsWith("_"));
  assert.ok(names.length >= 25, `only ${names.length} exports read from @authgear/web`);
  const missing = names.filter((n) => !(n in ours));
  assert.deepEqual(missing, [], "missing from wasmgear");
  for (const name of names) {
    const [a, b] = [theirs[name], ours[name]];
    if (name === "VERSION") {
      // ours, not Authgear's
      const { version } = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8"));
      assert.equal(b, version);
    } else if (isEnum(a)) {
      assert.deepEqual({ ...b }, { ...a }, name);
    } else {
      assert.equal(typeof b, typeof a, `${name} is a ${typeof b}, @authgear/web's a ${typeof a}`);
    }
  }
  assert.equal(ours.default instanceof ours.WebContainer, true);
});

test("the error classes keep @authgear/web's hierarchy and ServerError's fields", async () => {
  const theirs = await loadAuthgearWeb();
  const ours = await loadPackage();
  for (const X of [theirs, ours]) {
    const e = new X.ServerError("anonymous users are disabled", "Forbidden", "AnonymousUserDisallowed", { a: 1 });
    assert.deepEqual(
      { name: e.name, reason: e.reason, info: e.info, message: e.message },
      { name: "Forbidden", reason: "AnonymousUserDisallowed", info: { a: 1 }, message: "anonymous users are disabled" },
    );
    assert.ok(e instanceof X.AuthgearError && e instanceof Error);
    for (const sub of ["InsufficientScope", "IDTokenNotFound", "DeviceSecretNotFound"]) {
      const made = new X[`PreAuthenticatedURL${sub}Error`]();
      assert.ok(made instanceof X.PreAuthenticatedURLNotAllowedError && made instanceof X.AuthgearError, sub);
    }
    for (const name of ["OAuthError", "CancelError"]) {
      assert.ok(X[name].prototype instanceof X.AuthgearError, name);
    }
    const oauth = new X.OAuthError({ error: "invalid_grant", error_description: "d" });
    assert.deepEqual([oauth.error, oauth.error_description], ["invalid_grant", "d"]);
  }
});

test("the parsers and TransientTokenStorage behave as @authgear/web's", async () => {
  const theirs = await loadAuthgearWeb();
  const ours = await loadPackage();
  const inputs = ["login_id", "oauth", "anonymous", "biometric", "passkey", "siwe", "ldap", "email", "phone", "username",
    "password", "oob_otp_email", "oob_otp_sms", "totp", "primary", "secondary", "unknown", "telepathy", "", undefined, null, 7];
  for (const fn of ["parseIdentityType", "parseLoginIDType", "parseAuthenticatorType", "parseAuthenticatorKind"]) {
    assert.deepEqual(inputs.map(ours[fn]), inputs.map(theirs[fn]), fn);
  }
  for (const X of [theirs, ours]) {
    const s = new X.TransientTokenStorage();
    assert.equal(await s.getRefreshToken("default"), null);
    await s.setRefreshToken("default", "rt");
    assert.equal(await s.getRefreshToken("default"), "rt");
    assert.equal(await s.getRefreshToken("other"), null);
    await s.delRefreshToken("default");
    assert.equal(await s.getRefreshToken("default"), null);
  }
});
