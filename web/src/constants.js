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

/** Pages of Authgear's settings UI; the argument of `open()`. */
export const Page = Object.freeze({
  Settings: "/settings",
  Identities: "/settings/identities",
});

/** The settings actions, as sent in `x_settings_action`. */
export const SettingsAction = Object.freeze({
  ChangePassword: "change_password",
  DeleteAccount: "delete_account",
  AddEmail: "add_email",
  AddPhone: "add_phone",
  AddUsername: "add_username",
  ChangeEmail: "change_email",
  ChangePhone: "change_phone",
  ChangeUsername: "change_username",
  LinkOAuth: "link_oauth",
  UnlinkOAuth: "unlink_oauth",
});

/** Colour schemes of Authgear's UI (`x_color_scheme`). */
export const ColorScheme = Object.freeze({
  Light: "light",
  Dark: "dark",
});

/** The known values of `ServerError.name`: the kinds of Authgear's API errors. */
export const ErrorName = Object.freeze({
  BadRequest: "BadRequest",
  Invalid: "Invalid",
  Unauthorized: "Unauthorized",
  Forbidden: "Forbidden",
  NotFound: "NotFound",
  AlreadyExists: "AlreadyExists",
  TooManyRequest: "TooManyRequest",
  InternalError: "InternalError",
  ServiceUnavailable: "ServiceUnavailable",
});

/** Kinds of a user's identity (`UserInfo.identities[].type`); anything else is `Unknown`. */
export const IdentityType = Object.freeze({
  LoginID: "login_id",
  OAuth: "oauth",
  Anonymous: "anonymous",
  Biometric: "biometric",
  Passkey: "passkey",
  SIWE: "siwe",
  LDAP: "ldap",
  Unknown: "unknown",
});

/** Kinds of login ID (`UserInfo.identities[].loginIDType`). */
export const LoginIDType = Object.freeze({
  Email: "email",
  Phone: "phone",
  Username: "username",
  Unknown: "unknown",
});

/** Kinds of authenticator (`UserInfo.authenticators[].type`). */
export const AuthenticatorType = Object.freeze({
  Password: "password",
  OOBOTPEmail: "oob_otp_email",
  OOBOTPSMS: "oob_otp_sms",
  TOTP: "totp",
  Passkey: "passkey",
  Unknown: "unknown",
});

/** Whether an authenticator is a first or a second factor (`UserInfo.authenticators[].kind`). */
export const AuthenticatorKind = Object.freeze({
  Primary: "primary",
  Secondary: "secondary",
  Unknown: "unknown",
});

/** wasmgear's version (web/package.json; the npm test checks they agree), not Authgear's. */
export const VERSION = "0.1.0";

// The parsers @authgear/web exports: a value of the enumeration, or its Unknown. The Go core
// decodes UserInfo itself; these exist for code that imports them.
const parser = (enumeration) => (value) => (Object.values(enumeration).includes(value) ? value : enumeration.Unknown);

/** parseIdentityType maps a wire value to an {@link IdentityType}, unknown values to `Unknown`. */
export const parseIdentityType = parser(IdentityType);
/** parseLoginIDType maps a wire value to a {@link LoginIDType}, unknown values to `Unknown`. */
export const parseLoginIDType = parser(LoginIDType);
/** parseAuthenticatorType maps a wire value to an {@link AuthenticatorType}, unknown values to `Unknown`. */
export const parseAuthenticatorType = parser(AuthenticatorType);
/** parseAuthenticatorKind maps a wire value to an {@link AuthenticatorKind}, unknown values to `Unknown`. */
export const parseAuthenticatorKind = parser(AuthenticatorKind);
