// WebContainer: the object apps call, and its delegate.
import type { Page, SessionState, SessionStateChangeReason, SessionType } from "./constants.js";
import type {
  AuthenticateOptions,
  ConfigureOptions,
  ConnectionCredentialsOptions,
  LinkOAuthOptions,
  LogoutOptions,
  PromoteOptions,
  ReauthenticateOptions,
  SettingOptions,
  SettingsActionOptions,
  UnlinkOAuthOptions,
  WebContainerOptions,
} from "./options.js";
import type { AuthenticateResult, ConnectionCredentials, ReauthenticateResult, UserInfo } from "./userinfo.js";
// For the {@link} references of the doc comments.
import type { AuthgearError, NetworkError, OAuthError, ServerError } from "./errors.js";

/** Receives session state changes; set it as `container.delegate`. */
export interface WebContainerDelegate {
  /**
   * Called on every change of `container.sessionState`, before the Promise of the call
   * that caused it resolves. An exception thrown here is logged and otherwise ignored.
   */
  onSessionStateChange(container: WebContainer, reason: SessionStateChangeReason): void;
}

/**
 * One session. The default export is the container named `"default"` (the script tag's
 * `window.authgear`); `new WebContainer({ name })` makes more, each with its own storage
 * keys. Every method returns a Promise and may be called before the WebAssembly core has
 * loaded: it waits for it.
 */
export declare class WebContainer {
  /** Makes a container; nothing is loaded until its first call. */
  constructor(options?: WebContainerOptions);

  /** The container's name; the middle of its storage keys (`authgear_${name}_…`). */
  readonly name: string;
  /** Told about every session state change. */
  delegate: WebContainerDelegate | undefined;
  /**
   * Calls `listener(container, reason)` on every session state change, beside the
   * delegate; any number may listen. Returns the function that removes this listener.
   * A listener that throws is logged and does not stop the others.
   */
  addListener(listener: (container: WebContainer, reason: SessionStateChangeReason) => void): () => void;

  /** `"UNKNOWN"` before `configure`, then `"NO_SESSION"` or `"AUTHENTICATED"`. */
  readonly sessionState: SessionState;
  /** The current access token, kept in memory only; undefined when there is none yet. */
  readonly accessToken: string | undefined;
  /** When the access token is due for refresh (90 % of its lifetime), or undefined. */
  readonly expireAt: Date | undefined;
  /** The `clientID` given to `configure`, or undefined before it. */
  readonly clientID: string | undefined;
  /** The `sessionType` in effect: `"refresh_token"` until `configure` chooses `"cookie"`, as in @authgear/web. */
  readonly sessionType: SessionType;
  /** Whether `configure` enabled single sign-on. */
  readonly isSSOEnabled: boolean;

  /**
   * Validates the options and reads the stored session; sends no request. May be called
   * again. Resolves with `sessionState` `"AUTHENTICATED"` (reason `FOUND_TOKEN`) or
   * `"NO_SESSION"` (reason `NO_TOKEN`); rejects with {@link AuthgearError} for bad options.
   */
  configure(options: ConfigureOptions): Promise<void>;

  /**
   * Sends the browser to the provider's authorization endpoint: OAuth 2.0 authorization code
   * flow (RFC 6749 §4.1) with PKCE S256 (RFC 7636). The SDK adds its own CSRF state and
   * OIDC nonce. The Promise rejects if the request cannot be made (e.g. discovery fails).
   */
  startAuthentication(options: AuthenticateOptions): Promise<void>;

  /** The older name of {@link WebContainer.startAuthentication}, kept for code written against it. */
  authorize(options: AuthenticateOptions): Promise<void>;

  /**
   * Prepares a login like `startAuthentication` (the PKCE verifier and state are stored) and
   * resolves with the authorization URL instead of navigating to it.
   */
  makeAuthorizeURL(options: AuthenticateOptions): Promise<string>;

  /**
   * Completes the login on the redirect URI page: checks the state, exchanges the code
   * (RFC 6749 §4.1.3), checks the ID token, stores the session, removes the code from the
   * address bar, fetches the user. Rejects with {@link OAuthError} when the provider answered
   * with an error (e.g. `access_denied`), with {@link AuthgearError} for a forged or replayed
   * callback; nothing is stored then.
   */
  finishAuthentication(): Promise<AuthenticateResult>;

  /**
   * Fetches the signed-in user from the UserInfo endpoint (OpenID Connect Core 1.0 §5.3).
   * A refused token ends the session (`NO_SESSION`, reason `INVALID`) and rejects.
   */
  fetchUserInfo(): Promise<UserInfo>;

  /**
   * Refreshes the access token (RFC 6749 §6) only when it is missing or due. A dead refresh
   * token (`invalid_grant`) ends the session and resolves; a network fault rejects with
   * {@link NetworkError}, a server fault with {@link ServerError}, and the session is kept.
   */
  refreshAccessTokenIfNeeded(): Promise<void>;

  /**
   * The WHATWG fetch with the session added: refreshes the access token if needed and sends
   * `Authorization: Bearer <token>` (RFC 6750 §2.1) to the page's own origin and the
   * `apiOrigins` of `configure`; never over plain http off localhost. Other requests go out
   * without it (the first to each origin logs a `console.warn`); a caller's own
   * `Authorization` header is kept. On a 401 with
   * `WWW-Authenticate: Bearer error="invalid_token"` the token is refreshed once and the request
   * replayed once (not a one-shot stream body). In cookie mode it sends the session cookie
   * instead. Resolves with the native Response, its body unread; rejects as native fetch does
   * (a `TypeError`, or the `signal`'s reason — an `AbortError` — when it aborts, also during
   * the refresh before the request), or with an
   * {@link AuthgearError} when the refresh it needed failed.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;

  /** Forgets the session on this device only, without a request: `NO_SESSION`, reason `CLEAR`. */
  clearSessionState(): Promise<void>;

  /**
   * Revokes the refresh token (RFC 7009), forgets the session (reason `LOGOUT`) and, with
   * `redirectURI`, goes to the provider's end-session endpoint. Without `force`, a failed
   * revocation rejects and keeps the session.
   */
  logout(options?: LogoutOptions): Promise<void>;

  /**
   * Signs in as a new anonymous user (Authgear's `/api/anonymous_user/signup`), or keeps
   * the anonymous user already signed in. Token mode: `AUTHENTICATED`, reason
   * `AUTHENTICATED`, before userinfo is asked. Rejects with {@link ServerError} (e.g.
   * `reason` `"Invalid"` when the project disallows anonymous users); the session is kept.
   */
  authenticateAnonymously(): Promise<AuthenticateResult>;

  /**
   * Gets a promotion code for the signed-in anonymous user and sends the browser to the
   * provider to create a real account (`prompt=login`, the anonymous `login_hint`). Rejects
   * with {@link ServerError} (e.g. `Unauthorized` with no session); the session is kept.
   */
  startPromoteAnonymousUser(options: PromoteOptions): Promise<void>;

  /**
   * Completes the promotion on the redirect page, like `finishAuthentication`: the user
   * keeps its `sub` and is no longer anonymous.
   */
  finishPromoteAnonymousUser(): Promise<AuthenticateResult>;

  /**
   * The signed-in user's access token at a third-party provider (`connectionID`), from the
   * provider's credential vault, which refreshes it server-side and never reveals the
   * refresh token. Without `connectionID` (undefined or null): the connection the user
   * signed in through. Authenticated like `fetch`. A timeout (default 10 s) rejects with
   * `NetworkError` and keeps the session; an unknown connection rejects with `OAuthError`
   * `not_found`, a connection without a usable refresh token with `consent_required`.
   */
  getConnectionCredentials(connectionID?: string | null, options?: ConnectionCredentialsOptions): Promise<ConnectionCredentials>;

  // ID-token helpers (issue 10). The ID token is restored by `configure` after a reload,
  // unlike @authgear/web, where these return undefined/false until the next refresh.

  /** The ID token held, or undefined: for your backend, or as an `id_token_hint`. */
  getIDTokenHint(): string | undefined;

  /** Authgear's `can_reauthenticate` claim of the ID token held (unverified); false without one or for a malformed token. */
  canReauthenticate(): boolean;

  /** The ID token's `auth_time`, or undefined without a token or the claim. */
  getAuthTime(): Date | undefined;

  /**
   * A new ID token for the current session (Authgear's ID-token grant, Bearer or the
   * session cookie), kept in memory and storage. `invalid_grant` ends the session
   * (`NO_SESSION`, reason `INVALID`) and rejects with {@link OAuthError}; other failures
   * reject and keep the session.
   */
  refreshIDToken(): Promise<void>;

  /**
   * Sends the browser to the provider to sign in again: the code flow with PKCE, the ID
   * token as `id_token_hint`, `max_age` (default 0), no `offline_access`; the SDK's own
   * CSRF state and nonce apply. Rejects with {@link AuthgearError} code
   * `cannot_reauthenticate` unless `canReauthenticate()`.
   */
  startReauthentication(options: ReauthenticateOptions): Promise<void>;

  /**
   * Completes a reauthentication on the redirect URI page: the new ID token (and
   * `getAuthTime()`) replaces the old one in memory and storage; the session, its refresh
   * token and its state are unchanged.
   */
  finishReauthentication(): Promise<ReauthenticateResult>;

  /**
   * Shows one of the provider's pages signed in (`"/settings"`, `"/settings/identities"`:
   * `Page.Settings`, `Page.Identities`), in a new tab or, with `openInSameTab`, this one.
   * Refresh-token mode trades the refresh token for a one-use app session token first.
   * Call it from a click: the tab opens blank at once, before any request, so popup
   * blockers allow it; a blocked tab rejects with {@link AuthgearError} code `popup_blocked`.
   */
  open(page: Page, options?: SettingOptions): Promise<void>;

  // The settings actions. Each start<Action> sends the browser to the provider's page for
  // that action (Authgear's settings-action request: PKCE S256, the ID token as
  // `id_token_hint`, a one-use app session token as `login_hint`, no `offline_access`), and
  // the matching finish<Action> completes it on the redirect URI page with the
  // settings-action grant. They reject, before any request, with {@link AuthgearError}
  // code `no_session` without a signed-in user, `cannot_reauthenticate` unless
  // `canReauthenticate()`, `unsupported_in_cookie_mode` with the cookie session type, and
  // `invalid_options` for a missing `redirectURI`, `oauthProviderAlias` or original login ID.
  // A finish rejects with {@link OAuthError} when the provider answered with an error.

  /** Opens the provider's page to change the password. */
  startChangePassword(options: SettingsActionOptions): Promise<void>;
  /** Opens the provider's page to delete the account. */
  startDeleteAccount(options: SettingsActionOptions): Promise<void>;
  /** Opens the provider's page to add an email address. */
  startAddEmail(options: SettingsActionOptions): Promise<void>;
  /** Opens the provider's page to add a phone number. */
  startAddPhone(options: SettingsActionOptions): Promise<void>;
  /** Opens the provider's page to add a username. */
  startAddUsername(options: SettingsActionOptions): Promise<void>;
  /** Opens the provider's page to change the email address `originalEmail` (sent as `q_login_id`). */
  startChangeEmail(originalEmail: string, options: SettingsActionOptions): Promise<void>;
  /** Opens the provider's page to change the phone number `originalPhone` (sent as `q_login_id`). */
  startChangePhone(originalPhone: string, options: SettingsActionOptions): Promise<void>;
  /** Opens the provider's page to change the username `originalUsername` (sent as `q_login_id`). */
  startChangeUsername(originalUsername: string, options: SettingsActionOptions): Promise<void>;
  /** Opens the provider's page to link the connection `options.oauthProviderAlias`. */
  startLinkOAuth(options: LinkOAuthOptions): Promise<void>;
  /** Opens the provider's page to unlink the connection `options.oauthProviderAlias`. */
  startUnlinkOAuth(options: UnlinkOAuthOptions): Promise<void>;
  /** Completes `startChangePassword` on the redirect URI page; the session is unchanged. */
  finishChangePassword(): Promise<void>;
  /**
   * Completes `startDeleteAccount` on the redirect URI page: the user no longer exists, so
   * the session ends (`NO_SESSION`, reason `INVALID`).
   */
  finishDeleteAccount(): Promise<void>;
  /** Completes `startAddEmail` on the redirect URI page; the session is unchanged. */
  finishAddEmail(): Promise<void>;
  /** Completes `startAddPhone` on the redirect URI page; the session is unchanged. */
  finishAddPhone(): Promise<void>;
  /** Completes `startAddUsername` on the redirect URI page; the session is unchanged. */
  finishAddUsername(): Promise<void>;
  /** Completes `startChangeEmail` on the redirect URI page; the session is unchanged. */
  finishChangeEmail(): Promise<void>;
  /** Completes `startChangePhone` on the redirect URI page; the session is unchanged. */
  finishChangePhone(): Promise<void>;
  /** Completes `startChangeUsername` on the redirect URI page; the session is unchanged. */
  finishChangeUsername(): Promise<void>;
  /** Completes `startLinkOAuth` on the redirect URI page; the session is unchanged. */
  finishLinkOAuth(): Promise<void>;
  /** Completes `startUnlinkOAuth` on the redirect URI page; the session is unchanged. */
  finishUnlinkOAuth(): Promise<void>;
}
