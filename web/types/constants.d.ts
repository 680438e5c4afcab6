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
/** One of the values of {@link TokenStorage}: the `tokenStorage` option of `configure`. */
export type TokenStorageMode = (typeof TokenStorage)[keyof typeof TokenStorage];
/**
 * A value of {@link TokenStorage}, or an object of @authgear/web's `TokenStorage` interface
 * (such as {@link TransientTokenStorage}), so that code typed against @authgear/web, where
 * the name is that interface, still compiles.
 */
export type TokenStorage = TokenStorageMode | import("./storage.js").RefreshTokenStorage;

/** How the app server recognises the user (the `sessionType` option of `configure`). */
export declare const SessionType: {
  /** `Authorization: Bearer <access token>` (RFC 6750 §2.1), refreshed with a refresh token. The default. */
  readonly RefreshToken: "refresh_token";
  /** The provider's session cookie, sent with `credentials: "include"`. */
  readonly Cookie: "cookie";
};
/** One of the values of {@link SessionType}. */
export type SessionType = (typeof SessionType)[keyof typeof SessionType];

/** Pages of Authgear's settings UI; the argument of `open()`. */
export declare const Page: {
  /** The settings page. */
  readonly Settings: "/settings";
  /** The identities page; Authgear now redirects it to `/settings`. */
  readonly Identities: "/settings/identities";
};
/** One of the values of {@link Page}. */
export type Page = (typeof Page)[keyof typeof Page];

/** The settings actions, as sent in `x_settings_action`. */
export declare const SettingsAction: {
  /** Change the password. */
  readonly ChangePassword: "change_password";
  /** Delete the account. */
  readonly DeleteAccount: "delete_account";
  /** Add an email address. */
  readonly AddEmail: "add_email";
  /** Add a phone number. */
  readonly AddPhone: "add_phone";
  /** Add a username. */
  readonly AddUsername: "add_username";
  /** Change an email address. */
  readonly ChangeEmail: "change_email";
  /** Change a phone number. */
  readonly ChangePhone: "change_phone";
  /** Change the username. */
  readonly ChangeUsername: "change_username";
  /** Link a social login provider. */
  readonly LinkOAuth: "link_oauth";
  /** Unlink a social login provider. */
  readonly UnlinkOAuth: "unlink_oauth";
};
/** One of the values of {@link SettingsAction}. */
export type SettingsAction = (typeof SettingsAction)[keyof typeof SettingsAction];

/** Colour schemes of Authgear's UI (`x_color_scheme`). */
export declare const ColorScheme: {
  /** Light. */
  readonly Light: "light";
  /** Dark. */
  readonly Dark: "dark";
};
/** One of the values of {@link ColorScheme}. */
export type ColorScheme = (typeof ColorScheme)[keyof typeof ColorScheme];

/** The known values of `ServerError.name`: the kinds of Authgear's API errors. */
export declare const ErrorName: {
  /** HTTP 400. */
  readonly BadRequest: "BadRequest";
  /** HTTP 400: the input failed validation. */
  readonly Invalid: "Invalid";
  /** HTTP 401. */
  readonly Unauthorized: "Unauthorized";
  /** HTTP 403, e.g. anonymous users are disabled. */
  readonly Forbidden: "Forbidden";
  /** HTTP 404. */
  readonly NotFound: "NotFound";
  /** HTTP 409. */
  readonly AlreadyExists: "AlreadyExists";
  /** HTTP 429. */
  readonly TooManyRequest: "TooManyRequest";
  /** HTTP 500, and any answer that is not Authgear's error envelope. */
  readonly InternalError: "InternalError";
  /** HTTP 503. */
  readonly ServiceUnavailable: "ServiceUnavailable";
};
/** One of the values of {@link ErrorName}. */
export type ErrorName = (typeof ErrorName)[keyof typeof ErrorName];

/** Kinds of a user's identity (`UserInfo.identities[].type`); anything else is `Unknown`. */
export declare const IdentityType: {
  /** Email, phone or username. */
  readonly LoginID: "login_id";
  /** A social or enterprise login provider. */
  readonly OAuth: "oauth";
  /** An anonymous user. */
  readonly Anonymous: "anonymous";
  /** Biometric login of a native app. */
  readonly Biometric: "biometric";
  /** A passkey. */
  readonly Passkey: "passkey";
  /** Sign-In with Ethereum. */
  readonly SIWE: "siwe";
  /** An LDAP directory. */
  readonly LDAP: "ldap";
  /** A value this version does not know. */
  readonly Unknown: "unknown";
};
/** One of the values of {@link IdentityType}. */
export type IdentityType = (typeof IdentityType)[keyof typeof IdentityType];

/** Kinds of login ID (`UserInfo.identities[].loginIDType`). */
export declare const LoginIDType: {
  /** An email address. */
  readonly Email: "email";
  /** A phone number. */
  readonly Phone: "phone";
  /** A username. */
  readonly Username: "username";
  /** A value this version does not know. */
  readonly Unknown: "unknown";
};
/** One of the values of {@link LoginIDType}. */
export type LoginIDType = (typeof LoginIDType)[keyof typeof LoginIDType];

/** Kinds of authenticator (`UserInfo.authenticators[].type`). */
export declare const AuthenticatorType: {
  /** A password. */
  readonly Password: "password";
  /** A one-time code by email. */
  readonly OOBOTPEmail: "oob_otp_email";
  /** A one-time code by SMS. */
  readonly OOBOTPSMS: "oob_otp_sms";
  /** A TOTP app. */
  readonly TOTP: "totp";
  /** A passkey. */
  readonly Passkey: "passkey";
  /** A value this version does not know. */
  readonly Unknown: "unknown";
};
/** One of the values of {@link AuthenticatorType}. */
export type AuthenticatorType = (typeof AuthenticatorType)[keyof typeof AuthenticatorType];

/** Whether an authenticator is a first or a second factor. */
export declare const AuthenticatorKind: {
  /** A first factor. */
  readonly Primary: "primary";
  /** A second factor. */
  readonly Secondary: "secondary";
  /** A value this version does not know. */
  readonly Unknown: "unknown";
};
/** One of the values of {@link AuthenticatorKind}. */
export type AuthenticatorKind = (typeof AuthenticatorKind)[keyof typeof AuthenticatorKind];

/** wasmgear's version (not Authgear's: @authgear/web's is "6.0.0"). */
export declare const VERSION: string;

/** Maps a wire value to an {@link IdentityType}; unknown values to `Unknown`. */
export declare function parseIdentityType(value: unknown): IdentityType;
/** Maps a wire value to a {@link LoginIDType}; unknown values to `Unknown`. */
export declare function parseLoginIDType(value: unknown): LoginIDType;
/** Maps a wire value to an {@link AuthenticatorType}; unknown values to `Unknown`. */
export declare function parseAuthenticatorType(value: unknown): AuthenticatorType;
/** Maps a wire value to an {@link AuthenticatorKind}; unknown values to `Unknown`. */
export declare function parseAuthenticatorKind(value: unknown): AuthenticatorKind;
