// The error classes: real Error subclasses with a stable `name`, for `instanceof`.

/** The base class of every error wasmgear rejects with; its `name` is `"AuthgearError"`. */
export declare class AuthgearError extends Error {
  /** Makes an error; `options.cause` is the underlying error, if any. */
  constructor(message?: string, options?: { cause?: unknown });
}

/** The fields an {@link OAuthError} is made from: an OAuth 2.0 error response. */
export interface OAuthErrorInit {
  /** The message; defaults to `error`. */
  message?: string;
  /** The `error` code. */
  error?: string;
  /** The `error_description`. */
  error_description?: string;
  /** The `error_uri`. */
  error_uri?: string;
  /** The app's `state`, when the error came back on the redirect. */
  state?: string;
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
}

/**
 * The server answered in a way the protocol does not allow (a 5xx, a malformed body).
 * The session is kept. `name` is `"ServerError"`.
 */
export declare class ServerError extends AuthgearError {
  /** Makes an error from the response's status and body. */
  constructor(init?: { message?: string; status?: number; body?: string });
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
  constructor(init?: { message?: string });
}

/** The operation was cancelled (for example through an AbortSignal). `name` is `"CancelError"`. */
export declare class CancelError extends AuthgearError {
  /** Makes an error with an optional message. */
  constructor(init?: { message?: string });
}
