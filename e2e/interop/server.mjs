// The independent provider of wasmgear's interoperability tests: oidc-provider (an
// OpenID-certified implementation), configured as a deployment for one single-page app
// would be — nothing here is tuned to wasmgear. The Go tests start it (node server.mjs)
// with its settings in the environment and stop it; it listens on 127.0.0.1 only.
//
//   INTEROP_PORT         the port the Go test chose (required)
//   INTEROP_APP_ORIGIN   the test app's origin: its "/" is the client's redirect URI
//   INTEROP_CLIENT_ID    the public client's ID
//   INTEROP_RESOURCE     the API's resource indicator (RFC 8707): JWT access tokens for it
//   INTEROP_AT_TTL       access token lifetime, seconds
//   INTEROP_DPOP_NONCE   optional: "required" makes every DPoP proof carry the provider's
//                        DPoP-Nonce (RFC 9449 §8); otherwise nonces are offered, not required
//
// Every start makes a new RS256 signing key, so a restart is a key rotation.
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import Provider from "oidc-provider";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`interop fixture: ${name} is required`);
  return v;
};
const port = Number(env("INTEROP_PORT"));
const appOrigin = env("INTEROP_APP_ORIGIN");
const clientID = env("INTEROP_CLIENT_ID");
const resource = env("INTEROP_RESOURCE");
const accessTokenTTL = Number(env("INTEROP_AT_TTL"));
const issuer = `http://127.0.0.1:${port}`;
const requireDPoPNonce = process.env.INTEROP_DPOP_NONCE === "required";

const signingKey = {
  ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
  kid: randomUUID(),
  alg: "RS256",
  use: "sig",
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientID,
    application_type: "web",
    token_endpoint_auth_method: "none", // a public client (RFC 6749 §2.1): PKCE is required for it by default
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: [`${appOrigin}/`],
    post_logout_redirect_uris: [`${appOrigin}/`],
  }],
  jwks: { keys: [signingKey] },
  // Any login and password sign in as that user (the development login form).
  findAccount: (ctx, sub) => ({
    accountId: sub,
    claims: () => ({ sub, name: `User ${sub}`, preferred_username: sub }),
  }),
  claims: { openid: ["sub"], profile: ["name", "preferred_username"] },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    // DPoP (RFC 9449), as a deployment that offers it: discovery lists
    // dpop_signing_alg_values_supported, a token request with a proof gets tokens bound to
    // its key (a public client's refresh token too), one without gets Bearer tokens as
    // before, since the client does not set dpop_bound_access_tokens. The nonce secret
    // lets the provider answer DPoP-Nonce (and expose it to CORS callers).
    dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => requireDPoPNonce },
    rpInitiatedLogout: { enabled: true },
    // The app's API checks access tokens itself (RFC 9068 JWTs for its resource); the
    // provider's UserInfo endpoint accepts only tokens without an audience, so a
    // deployment whose one access token is for the API has no UserInfo endpoint.
    userinfo: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator !== resource) throw new Provider.errors.InvalidTarget();
        return { scope: "api", accessTokenFormat: "jwt", accessTokenTTL, jwt: { sign: { alg: "RS256" } } };
      },
    },
  },
  // First-party client: consent is implied, so the form asks only for a login and a
  // refresh token is issued without prompt=consent (OIDC Core §11 leaves that to policy).
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    const found = grantId && (await ctx.oidc.provider.Grant.find(grantId));
    if (found) return found;
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid offline_access profile");
    grant.addResourceScope(resource, "api");
    await grant.save();
    return grant;
  },
  issueRefreshToken: (ctx, client) => client.grantTypeAllowed("refresh_token"),
  // Every refresh rotates, DPoP-bound or not: oidc-provider's default stops rotating a
  // public client's refresh token once it is sender-constrained, and the SDK binds them,
  // so this keeps the rotation tests meaningful against an independent provider.
  rotateRefreshToken: true,
  ttl: { AccessToken: accessTokenTTL },
});

// One line per protocol event, for the tests to count; never a token.
const event = (...words) => console.log("event", ...words);
provider.on("grant.success", (ctx) => event("grant.success", ctx.oidc.params.grant_type));
provider.on("grant.error", (ctx, err) => event("grant.error", ctx.oidc.params?.grant_type, err.error));
provider.on("grant.revoked", () => event("grant.revoked"));
provider.on("end_session.success", () => event("end_session.success"));
provider.use(async (ctx, next) => {
  if (ctx.path === "/jwks") event("jwks");
  await next();
});
provider.on("server_error", (ctx, err) => console.error("interop fixture: server_error", err));

const server = provider.listen(port, "127.0.0.1", () => {
  console.log(`interop fixture: listening on ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
