// The enumerations of the public API: each a frozen object of Authgear's string values
// and a union type of those strings, so `SessionState.Authenticated` and
// `"AUTHENTICATED"` are interchangeable (code written for @authgear/web compares with both).

/**
 * What the SDK believes about the session. It reflects local state only; the next call to
 * the server (`fetchUserInfo`, a refresh) confirms it.
 */
export declare const SessionState: {
  /** Before `configure` has completed. */
  readonly Unknown: "UNKNOWN";
  /** Configured, and no usable refresh token is stored: the user is signed out. */
  readonly NoSession: "NO_SESSION";
  /** Configured, and a refresh token (or, in cookie mode, a session) is present. */
  readonly Authenticated: "AUTHENTICATED";
};
/** One of the values of {@link SessionState}: `"UNKNOWN"`, `"NO_SESSION"` or `"AUTHENTICATED"`. */
export type SessionState = (typeof SessionState)[keyof typeof SessionState];

/** Why `sessionState` changed; the second argument of `delegate.onSessionStateChange`. */
export declare const SessionStateChangeReason: {
  /** `configure` found no stored refresh token (→ `NO_SESSION`). */
  readonly NoToken: "NO_TOKEN";
  /** `configure` found a stored refresh token (→ `AUTHENTICATED`). */
  readonly FoundToken: "FOUND_TOKEN";
  /** `finishAuthentication` completed a login (→ `AUTHENTICATED`). */
  readonly Authenticated: "AUTHENTICATED";
  /** `logout` ended the session (→ `NO_SESSION`). */
  readonly Logout: "LOGOUT";
  /** The server refused the session, e.g. `invalid_grant` on refresh (→ `NO_SESSION`). */
  readonly Invalid: "INVALID";
  /** `clearSessionState` forgot the session locally (→ `NO_SESSION`). */
  readonly Clear: "CLEAR";
};
/** One of the values of {@link SessionStateChangeReason}. */
export type SessionStateChangeReason = (typeof SessionStateChangeReason)[keyof typeof SessionStateChangeReason];

/** Values of the OpenID Connect `prompt` parameter (OpenID Connect Core 1.0 §3.1.2.1). */
export declare const PromptOption: {
  /** Show no page: fail with `login_required` unless the provider already has a session. */
  readonly None: "none";
  /** Ask the user to sign in again even with an existing provider session. */
  readonly Login: "login";
  /** Ask the user to consent again. */
  readonly Consent: "consent";
  /** Let the user choose among signed-in accounts. */
  readonly SelectAccount: "select_account";
};
/** One of the values of {@link PromptOption}. */
export type PromptOption = (typeof PromptOption)[keyof typeof PromptOption];

/** Where the refresh token is kept (the `tokenStorage` option of `configure`). */
export declare const TokenStorage: {
  /** localStorage, under Authgear's key names: the session survives a reload. The default. */
  readonly Persistent: "persistent";
  /** Memory only: the session ends with the page. */
  readonly Transient: "transient";
};
/** One of the values of {@link TokenStorage}. */
export type TokenStorage = (typeof TokenStorage)[keyof typeof TokenStorage];

/** How the app server recognises the user (the `sessionType` option of `configure`). */
export declare const SessionType: {
  /** `Authorization: Bearer <access token>` (RFC 6750 §2.1), refreshed with a refresh token. The default. */
  readonly RefreshToken: "refresh_token";
  /** The provider's session cookie, sent with `credentials: "include"`. */
  readonly Cookie: "cookie";
};
/** One of the values of {@link SessionType}. */
export type SessionType = (typeof SessionType)[keyof typeof SessionType];
