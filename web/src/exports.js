// Every named export of the package, shared by the npm entry (index.js) and the script tag
// (script-tag.js, which hangs them on window.authgear), so the two cannot drift apart. The
// runtime-export test compares this list with @authgear/web 6.0.0's.
export { WebContainer } from "./container.js";
export {
  AuthgearError,
  OAuthError,
  ServerError,
  NetworkError,
  CancelError,
  PreAuthenticatedURLNotAllowedError,
  PreAuthenticatedURLInsufficientScopeError,
  PreAuthenticatedURLIDTokenNotFoundError,
  PreAuthenticatedURLDeviceSecretNotFoundError,
} from "./errors.js";
export {
  SessionState,
  SessionStateChangeReason,
  PromptOption,
  TokenStorage,
  SessionType,
  Page,
  SettingsAction,
  ColorScheme,
  ErrorName,
  IdentityType,
  LoginIDType,
  AuthenticatorType,
  AuthenticatorKind,
  VERSION,
  parseIdentityType,
  parseLoginIDType,
  parseAuthenticatorType,
  parseAuthenticatorKind,
} from "./constants.js";
export { TransientTokenStorage, DefaultDPoPProvider } from "./storage.js";
