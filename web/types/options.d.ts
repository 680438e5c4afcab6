// The arguments of the constructor and the methods of WebContainer.
import type { PromptOption, SessionType, TokenStorageMode } from "./constants.js";

/** The argument of `new WebContainer(...)`. */
export interface WebContainerOptions {
  /**
   * The container's name, the middle of its storage keys (`authgear_${name}_refreshToken`).
   * Containers with different names keep separate sessions. Default `"default"`.
   */
  name?: string;
  /**
   * Where to fetch wasmgear.wasm from, for an app that serves it itself (a CDN path).
   * Default: the file next to the package's `index.js` (`new URL("./wasmgear.wasm",
   * import.meta.url)`, which Vite and webpack copy into the build).
   */
  wasmURL?: string | URL;
}

/** The argument of `configure`. */
export interface ConfigureOptions {
  /** The OAuth 2.0 client ID of the app (RFC 6749 §2.2). Required. */
  clientID: string;
  /** The Authgear endpoint (the issuer), e.g. `"https://myapp.authgear.cloud"`. Required. */
  endpoint: string;
  /** `"refresh_token"` (default) or `"cookie"`; see {@link SessionType}. */
  sessionType?: SessionType;
  /** Whether the login is shared with other apps of the same provider (single sign-on). Default false. */
  isSSOEnabled?: boolean;
  /** `"persistent"` (default) or `"transient"`; see {@link TokenStorage}. */
  tokenStorage?: TokenStorageMode;
  /**
   * The origins `fetch` adds the access token to (in cookie mode: `credentials: "include"`)
   * besides the page's own origin, which always gets it, e.g. `["https://api.example.com"]`.
   * Default (and `[]`): none. The first request to another origin logs one `console.warn`
   * naming it.
   */
  apiOrigins?: readonly string[];
  /**
   * Milliseconds each request to the provider may take (discovery, token, userinfo,
   * revocation, Authgear's APIs) before it rejects with a {@link NetworkError} of code
   * `"timeout"`, keeping the session. Default 30000.
   */
  timeout?: number;
  /**
   * The scopes to request, e.g. `["offline_access", "profile"]` (`openid` is always sent).
   * Default: `offline_access` (not in cookie mode) and Authgear's
   * `https://authgear.com/scopes/full-access`, each only if the provider's discovery
   * document lists it in `scopes_supported` or has no such list.
   */
  scopes?: readonly string[];
  /**
   * DPoP (RFC 9449): sender-constrained tokens. Default on wherever the provider's discovery
   * lists ES256 in `dpop_signing_alg_values_supported`: at the first login the browser makes
   * a key pair whose private key cannot be exported (WebCrypto, kept in IndexedDB), the
   * refresh and access tokens are bound to it, and `fetch` sends `Authorization: DPoP …`
   * with a proof, so a token copied out of the page is useless elsewhere. `false` keeps
   * Bearer tokens, as @authgear/web — for an API that cannot check DPoP proofs, or an app
   * that builds its own `Authorization` header from `accessToken`.
   */
  dpop?: boolean;
  /**
   * The fetch every request of the container goes through: its own requests to the provider
   * and the app's `authgear.fetch()` calls, as in @authgear/web. Default `globalThis.fetch`.
   */
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
}

/** The argument of `startAuthentication`, `authorize` and `makeAuthorizeURL` (OAuth 2.0 §4.1.1). */
export interface AuthenticateOptions {
  /** Where the provider sends the browser back; that page calls `finishAuthentication`. Required. */
  redirectURI: string;
  /** The app's own value, given back by `finishAuthentication` (the SDK adds its own CSRF state). */
  state?: string;
  /** Authgear's `x_state`: a value passed to the provider's pages and hooks. */
  xState?: string;
  /** The OIDC `prompt` (OpenID Connect Core 1.0 §3.1.2.1), one value or several. */
  prompt?: PromptOption | readonly PromptOption[];
  /** Preferred languages of the provider's pages (`ui_locales`), e.g. `["fr", "en"]`. */
  uiLocales?: string | readonly string[];
  /** Authgear's `x_page`: the page to open first, e.g. `"signup"`. */
  page?: string;
  /** Authgear's `x_oauth_provider_alias`: go straight to this social login provider. */
  oauthProviderAlias?: string;
  /** Authgear's `x_authentication_flow_group`: the flow group of the project to run. */
  authenticationFlowGroup?: string;
  /**
   * Passed on to that provider's own authorize request (Authress's `connectionProperties`),
   * under the provider's parameter names. Other keys are rejected.
   */
  connectionProperties?: ConnectionProperties;
}

/** The options of `open` (@authgear/web's `SettingOptions`). */
export interface SettingOptions {
  /** Preferred languages of the provider's page (`ui_locales`), e.g. `["fr", "en"]`. */
  uiLocales?: string[];
  /** Navigate this tab instead of opening a new one. Default false. */
  openInSameTab?: boolean;
}

/** The argument of `startReauthentication` (@authgear/web's `ReauthenticateOptions`). */
export interface ReauthenticateOptions {
  /** Where the provider sends the browser back; that page calls `finishReauthentication`. Required. */
  redirectURI: string;
  /** The app's own value, given back by `finishReauthentication` (the SDK adds its own CSRF state). */
  state?: string;
  /** Authgear's `x_state`: a value passed to the provider's pages and hooks. */
  xState?: string;
  /** Preferred languages of the provider's pages (`ui_locales`), e.g. `["fr", "en"]`. */
  uiLocales?: string[];
  /** `max_age` in seconds (OpenID Connect Core 1.0 §3.1.2.1): default 0, which always asks again. */
  maxAge?: number;
  /** Authgear's `x_authentication_flow_group`. */
  authenticationFlowGroup?: string;
}

/**
 * What `startAuthentication` passes through to the upstream provider of
 * `oauthProviderAlias`. For Google-style providers, `access_type: "offline"` asks for the
 * refresh token the credential vault needs, and `prompt: "consent"` asks again after the
 * first consent.
 */
export interface ConnectionProperties {
  /** The upstream scope, space-separated. */
  scope?: string;
  /** `"offline"` asks for an upstream refresh token. */
  access_type?: "online" | "offline";
  /** The upstream prompt, e.g. `"select_account consent"`. */
  prompt?: string;
  /** The upstream login hint. */
  login_hint?: string;
}

/** The argument of `logout`. */
export interface LogoutOptions {
  /** When given, the browser goes to the provider's end-session endpoint and then here. */
  redirectURI?: string;
  /** Forget the session even when revoking the refresh token (RFC 7009) fails. Default false. */
  force?: boolean;
}

/** The optional second argument of `getConnectionCredentials`. */
export interface ConnectionCredentialsOptions {
  /** How long to wait for the credential vault, in milliseconds. Default 10000. */
  timeout?: number;
}

/** @authgear/web's name for {@link WebContainerOptions}. */
export type ContainerOptions = WebContainerOptions;

/** The argument of `startPromoteAnonymousUser`. */
export interface PromoteOptions {
  /** Where the provider sends the browser back; that page calls `finishPromoteAnonymousUser`. Required. */
  redirectURI: string;
  /** The app's own value, given back by `finishPromoteAnonymousUser`. */
  state?: string;
  /** Authgear's `x_state`: a value passed to the provider's pages and hooks. */
  xState?: string;
  /** Preferred languages of the provider's pages (`ui_locales`). */
  uiLocales?: string[];
}

/** The argument of the settings actions' start members (@authgear/web's `SettingsActionOptions`). */
export interface SettingsActionOptions {
  /** Where the provider sends the browser back; that page calls the matching finish member. Required. */
  redirectURI: string;
  /** The app's own value, kept in this browser (the SDK sends its own CSRF state). */
  state?: string;
  /** Authgear's `x_state`: a value passed to the provider's pages and hooks. */
  xState?: string;
  /** Preferred languages of the provider's pages (`ui_locales`), e.g. `["fr", "en"]`. */
  uiLocales?: string[];
}

/** The argument of `startLinkOAuth` (@authgear/web's `LinkOAuthOptions`). */
export interface LinkOAuthOptions extends SettingsActionOptions {
  /** The alias of the connection to link (`x_oauth_provider_alias`). Required. */
  oauthProviderAlias: string;
}

/** The argument of `startUnlinkOAuth` (@authgear/web's `UnlinkOAuthOptions`). */
export interface UnlinkOAuthOptions extends SettingsActionOptions {
  /** The alias of the connection to unlink (`x_oauth_provider_alias`). Required. */
  oauthProviderAlias: string;
}
