// Enumerations of the public API, with Authgear's values so code written for
// @authgear/web compares against the same strings.

/** What the SDK believes about the session (confirmed only by the next server call). */
export const SessionState = Object.freeze({
  Unknown: "UNKNOWN",
  NoSession: "NO_SESSION",
  Authenticated: "AUTHENTICATED",
});

/** Why `sessionState` changed; passed to `delegate.onSessionStateChange`. */
export const SessionStateChangeReason = Object.freeze({
  NoToken: "NO_TOKEN",
  FoundToken: "FOUND_TOKEN",
  Authenticated: "AUTHENTICATED",
  Logout: "LOGOUT",
  Invalid: "INVALID",
  Clear: "CLEAR",
});

/** Values of the OIDC `prompt` parameter (OpenID Connect Core §3.1.2.1). */
export const PromptOption = Object.freeze({
  None: "none",
  Login: "login",
  Consent: "consent",
  SelectAccount: "select_account",
});

/** Where the refresh token is kept. */
export const TokenStorage = Object.freeze({
  Persistent: "persistent",
  Transient: "transient",
});

/** How the app server recognises the user (access token header or session cookie). */
export const SessionType = Object.freeze({
  RefreshToken: "refresh_token",
  Cookie: "cookie",
});
