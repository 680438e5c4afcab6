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

/**
 * The server answered with an error of Authgear's JSON APIs (`{"error":{name, reason,
 * message, info}}`), or in a way the protocol does not allow (5xx, malformed body). The
 * session is kept unless the reason is InvalidGrant. As in @authgear/web, `name` is the
 * server's error name and `reason` its reason; an answer that is not Authgear's envelope is
 * `InternalError`/`UnexpectedError` with `info.status_code`, as @authgear/web reports it.
 * Constructed as @authgear/web's `new ServerError(message, name, reason, info)` or from the
 * core's fields object.
 */
export class ServerError extends AuthgearError {
  constructor(init = {}, name, reason, info) {
    if (typeof init === "string") {
      init = { message: init, serverName: name, reason, info };
    }
    const { message, code, status, body } = init;
    super(message || "Unexpected server response", { code: code || "server" });
    /** The server's error name, e.g. "Forbidden" (see ErrorName). */
    this.name = init.serverName || "InternalError";
    /** The server's reason, e.g. "InvalidGrant"; apps branch on this. */
    this.reason = init.reason || "UnexpectedError";
    /** The server's details, if any (for a non-Authgear answer, `{ status_code }`). */
    this.info = init.info !== undefined ? init.info : status !== undefined && !init.serverName ? { status_code: status } : undefined;
    /** The HTTP status code. */
    this.status = status;
    /** The response body as text (never contains tokens: only error answers are kept). */
    this.body = body;
  }
}

/** The request did not complete: offline, DNS, CORS or a dropped connection. The session is kept. */
export class NetworkError extends AuthgearError {
  constructor(init = {}) {
    const { message, code } = typeof init === "string" ? { message: init } : init;
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
  constructor(init = {}) {
    const { message, code } = typeof init === "string" ? { message: init } : init;
    super(message || "Cancelled", { code: code || "canceled" });
    this.name = "CancelError";
  }
}

/**
 * PreAuthenticatedURLNotAllowedError: a pre-authenticated URL (Authgear's native-to-web
 * hand-over) cannot be made. Exported for imports only: neither @authgear/web's web
 * container nor wasmgear makes pre-authenticated URLs, so nothing throws it.
 */
export class PreAuthenticatedURLNotAllowedError extends AuthgearError {
  constructor(message) {
    super(message || "Pre-authenticated URL not allowed", { code: "unsupported" });
    this.name = "PreAuthenticatedURLNotAllowedError";
  }
}

/** PreAuthenticatedURLInsufficientScopeError: the session lacks the scope. Never thrown (see the parent class). */
export class PreAuthenticatedURLInsufficientScopeError extends PreAuthenticatedURLNotAllowedError {
  constructor(message) {
    super(message);
    this.name = "PreAuthenticatedURLInsufficientScopeError";
  }
}

/** PreAuthenticatedURLIDTokenNotFoundError: no ID token to hand over. Never thrown (see the parent class). */
export class PreAuthenticatedURLIDTokenNotFoundError extends PreAuthenticatedURLNotAllowedError {
  constructor(message) {
    super(message);
    this.name = "PreAuthenticatedURLIDTokenNotFoundError";
  }
}

/** PreAuthenticatedURLDeviceSecretNotFoundError: no device secret to hand over. Never thrown (see the parent class). */
export class PreAuthenticatedURLDeviceSecretNotFoundError extends PreAuthenticatedURLNotAllowedError {
  constructor(message) {
    super(message);
    this.name = "PreAuthenticatedURLDeviceSecretNotFoundError";
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
