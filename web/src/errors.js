// Error classes of the public API. Go cannot subclass Error, so the core rejects with a
// plain object { name, message, ...fields } and toError turns it into one of these:
// real Error subclasses with a stable `name`, usable with `instanceof`, and a stable
// `code` a program can branch on (the ErrorCode union of types/errors.d.ts).

/** Base class of every error wasmgear throws. */
export class AuthgearError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "AuthgearError";
    /** What went wrong, for programs: "invalid_options", "no_session", "network", … */
    this.code = (options && options.code) || "unknown";
  }
}

/**
 * An OAuth 2.0 error response (RFC 6749 §4.1.2.1, §5.2), with the server's fields as
 * they are on the wire, as in Authgear's SDK.
 */
export class OAuthError extends AuthgearError {
  constructor({ message, code, error, error_description, error_uri, state, status } = {}) {
    super(message || error || "OAuth error", { code: code || "oauth" });
    this.name = "OAuthError";
    /** The `error` code, e.g. "invalid_grant" or "access_denied". */
    this.error = error;
    /** Human-readable text from the server, if it sent any. */
    this.error_description = error_description || undefined;
    /** A page about the error, if the server named one. */
    this.error_uri = error_uri || undefined;
    /** The `state` the app passed to startAuthentication, when the error came back on the redirect. */
    this.state = state || undefined;
    /** The HTTP status of the endpoint's answer; undefined for an error on the redirect. */
    this.status = status || undefined;
  }
}

/** The server answered in a way the protocol does not allow (5xx, malformed body). The session is kept. */
export class ServerError extends AuthgearError {
  constructor({ message, code, status, body } = {}) {
    super(message || "Unexpected server response", { code: code || "server" });
    this.name = "ServerError";
    /** The HTTP status code. */
    this.status = status;
    /** The response body as text (never contains tokens: only error answers are kept). */
    this.body = body;
  }
}

/** The request did not complete: offline, DNS, CORS or a dropped connection. The session is kept. */
export class NetworkError extends AuthgearError {
  constructor({ message, code } = {}) {
    super(message || "Network error", { code: code || "network" });
    this.name = "NetworkError";
  }
}

/**
 * The operation was cancelled. Exported for code written against @authgear/web, whose web
 * container never throws it either: an aborted `fetch` rejects with the browser's own
 * AbortError, as native fetch does.
 */
export class CancelError extends AuthgearError {
  constructor({ message, code } = {}) {
    super(message || "Cancelled", { code: code || "canceled" });
    this.name = "CancelError";
  }
}

const classes = { OAuthError, ServerError, NetworkError, CancelError };

/** toError turns the core's plain rejection object into the matching Error subclass. */
export function toError(reason) {
  if (reason instanceof Error) {
    return reason;
  }
  if (reason && typeof reason === "object" && typeof reason.name === "string") {
    const Class = classes[reason.name];
    if (Class) {
      return new Class(reason);
    }
    return new AuthgearError(reason.message || String(reason.name), { code: reason.code });
  }
  return new AuthgearError(String(reason), { code: "unknown" });
}
