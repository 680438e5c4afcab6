// The error classes: real Error subclasses with a stable `name`, for `instanceof`, and a
// stable `code`, for programs to branch on (messages are for people).

/**
 * What went wrong, on every error wasmgear rejects with:
 * - `invalid_options`: an argument is missing or of the wrong type or shape;
 * - `not_configured`: `configure` has not succeeded yet;
 * - `no_session`: the call needs a signed-in user;
 * - `no_authentication`: `finishAuthentication` found no login started in this browser;
 * - `storage_unavailable`: `startAuthentication` found no storage that survives the
 *   redirect (localStorage and sessionStorage blocked), so it did not leave the page;
 * - `redirect_uri_mismatch`: the page is not the redirect URI the login named;
 * - `state_mismatch`: the redirect's `state` is not the one sent (RFC 6749 §10.12);
 * - `issuer_mismatch`: the redirect's `iss` is not the provider's, or is missing though the
 *   provider always sends it (RFC 9207, the mix-up defence);
 * - `missing_code`: the redirect has neither `code` nor `error`;
 * - `invalid_id_token`: an ID token failed its checks (OpenID Connect Core 1.0 §3.1.3.7: alg,
 *   signature against the provider's JWKS, iss, aud, azp, exp, iat, nonce; on refresh, the same
 *   sub); on refresh the token is not stored and the session keeps its refresh token;
 * - `userinfo_sub_mismatch`: the UserInfo endpoint answered for another user than the ID
 *   token's (OpenID Connect Core 1.0 §5.3.2); the session is kept;
 * - `invalid_discovery`: the provider's discovery document was refused before any of its URLs
 *   was used: an endpoint that is not https (plain http only on loopback), an `issuer` other
 *   than the configured endpoint, or no `authorization_endpoint`/`token_endpoint`;
 * - `timeout`: the provider did not answer within `configure`'s `timeout` ({@link NetworkError});
 * - `response_too_large`: the provider's response body exceeded 1 MiB ({@link ServerError});
 * - `response_too_deep`: the provider's JSON was nested too deeply ({@link ServerError});
 * - `discovery`: the provider's discovery document could not be read or lacks an endpoint;
 * - `cannot_reauthenticate`: reauthentication or a settings action was asked for without an
 *   ID token whose `can_reauthenticate` claim is true;
 * - `popup_blocked`: `open` could not open a tab: call it from a click, or pass `openInSameTab`;
 * - `unsupported_in_cookie_mode`: a settings action was started with the `"cookie"` session
 *   type: Authgear's settings actions need the refresh token (@authgear/web does nothing then);
 * - `oauth`: an OAuth 2.0 error response ({@link OAuthError});
 * - `server`: an unexpected HTTP answer ({@link ServerError});
 * - `network`: the request did not complete, or timed out ({@link NetworkError});
 * - `canceled`: the operation was cancelled;
 * - `unsupported`: the browser lacks WebAssembly;
 * - `load_failed`: wasmgear.wasm could not be fetched or compiled;
 * - `internal`: a bug inside wasmgear, caught (the SDK stays usable);
 * - `unknown`: anything else.
 */
export type ErrorCode =
  | "invalid_options"
  | "not_configured"
  | "no_session"
  | "no_authentication"
  | "storage_unavailable"
  | "redirect_uri_mismatch"
  | "state_mismatch"
  | "issuer_mismatch"
  | "missing_code"
  | "invalid_id_token"
  | "userinfo_sub_mismatch"
  | "invalid_discovery"
  | "timeout"
  | "response_too_large"
  | "response_too_deep"
  | "discovery"
  | "cannot_reauthenticate"
  | "popup_blocked"
  | "unsupported_in_cookie_mode"
  | "oauth"
  | "server"
  | "network"
  | "canceled"
  | "unsupported"
  | "load_failed"
  | "internal"
  | "unknown";

/** The base class of every error wasmgear rejects with; its `name` is `"AuthgearError"`. */
export declare class AuthgearError extends Error {
  /** Makes an error; `options.cause` is the underlying error, if any; `code` defaults to `"unknown"`. */
  constructor(message?: string, options?: { cause?: unknown; code?: ErrorCode });
  /** What went wrong, stable across versions: branch on this, never on the message. */
  code: ErrorCode;
  /** Declared by @authgear/web and never set there either; the underlying error is `cause`. */
  underlyingError?: unknown;
}

/** The fields an {@link OAuthError} is made from: an OAuth 2.0 error response. */
export interface OAuthErrorInit {
  /** The message; defaults to `error`. */
  message?: string;
  /** The code; defaults to `"oauth"`. */
  code?: ErrorCode;
  /** The `error` code. */
  error?: string;
  /** The `error_description`. */
  error_description?: string;
  /** The `error_uri`. */
  error_uri?: string;
  /** The app's `state`, when the error came back on the redirect. */
  state?: string;
  /** The HTTP status of the endpoint's answer. */
  status?: number;
}

/**
 * An OAuth 2.0 error response (RFC 6749 §4.1.2.1 on the redirect, §5.2 from the token
 * endpoint), with the fields as on the wire, as in Authgear's SDK. `name` is `"OAuthError"`.
 */
export declare class OAuthError extends AuthgearError {
  /** Makes an error from the fields of an error response. */
  constructor(init?: OAuthErrorInit);
  /** The `error` code, e.g. `"invalid_grant"` or `"access_denied"`. */
  error: string;
  /** Human-readable text from the server, if it sent any. */
  error_description?: string;
  /** A page about the error, if the server named one. */
  error_uri?: string;
  /** The `state` the app passed to `startAuthentication`, when the error came back on the redirect. */
  state?: string;
  /** The HTTP status of the endpoint's answer (e.g. 400, 401); undefined for an error on the redirect. */
  status?: number;
}

/** The fields a {@link ServerError} is made from. */
export interface ServerErrorInit {
  /** The message. */
  message?: string;
  /** The code; defaults to `"server"`. */
  code?: ErrorCode;
  /** The HTTP status. */
  status?: number;
  /** The response body as text. */
  body?: string;
  /** Authgear's error name, which becomes `name`. */
  serverName?: string;
  /** Authgear's reason. */
  reason?: string;
  /** Authgear's details. */
  info?: unknown;
}

/**
 * An error of Authgear's JSON APIs (`{"error":{name, reason, message, info}}`), or an
 * answer the protocol does not allow (a 5xx, a malformed body). As in @authgear/web, `name`
 * is the server's error name (see {@link ErrorName}) and `reason` its reason; an answer that
 * is not Authgear's envelope is `InternalError`/`UnexpectedError` with `info.status_code`.
 * The session is kept unless the reason is `InvalidGrant`.
 */
export declare class ServerError extends AuthgearError {
  /** Makes an error the way @authgear/web does: `(message, name, reason, info)`. */
  constructor(message: string, name: string, reason: string, info?: unknown);
  /** Makes an error from the response's fields. */
  constructor(init?: ServerErrorInit);
  /** The server's error name, e.g. `"Forbidden"` or `"InternalError"`. */
  name: string;
  /** The server's reason, e.g. `"InvalidGrant"` or `"AnonymousUserDisallowed"`: branch on this. */
  reason: string;
  /** The server's details, if any. */
  info?: unknown;
  /** The HTTP status code. */
  status: number;
  /** The response body as text (only error answers are kept, never tokens). */
  body: string;
}

/**
 * The request did not complete: offline, DNS, CORS or a dropped connection. The session is
 * kept. `name` is `"NetworkError"`.
 */
export declare class NetworkError extends AuthgearError {
  /** Makes an error with an optional message. */
  constructor(init?: string | { message?: string; code?: ErrorCode });
}

/**
 * The operation was cancelled; `name` is `"CancelError"`. Exported for code written against
 * `@authgear/web`, whose web container never throws it either: an aborted `fetch` rejects
 * with its signal's reason (the browser's own `AbortError`), as native fetch does, whether the
 * signal aborted during the request or during the refresh before it.
 */
export declare class CancelError extends AuthgearError {
  /** Makes an error with an optional message. */
  constructor(init?: string | { message?: string; code?: ErrorCode });
}

/**
 * A pre-authenticated URL (Authgear's native-to-web hand-over) cannot be made. Exported for
 * imports only: neither @authgear/web's web container nor wasmgear makes such URLs, so
 * nothing throws it or its subclasses.
 */
export declare class PreAuthenticatedURLNotAllowedError extends AuthgearError {
  /** Makes an error with an optional message. */
  constructor(message?: string);
}
/** The session lacks the scope for a pre-authenticated URL. Never thrown (see the parent class). */
export declare class PreAuthenticatedURLInsufficientScopeError extends PreAuthenticatedURLNotAllowedError {}
/** No ID token to hand over. Never thrown (see the parent class). */
export declare class PreAuthenticatedURLIDTokenNotFoundError extends PreAuthenticatedURLNotAllowedError {}
/** No device secret to hand over. Never thrown (see the parent class). */
export declare class PreAuthenticatedURLDeviceSecretNotFoundError extends PreAuthenticatedURLNotAllowedError {}
