// WebContainer: the object apps call (`authgear` is the container named "default").
import { loadCore } from "./loader.js";
import { AuthgearError, toError } from "./errors.js";
import { SessionState, SessionType, SettingsAction } from "./constants.js";
import { quickCalls, refreshNow, requestFlags, resolved, sendNow } from "./quick.js";

let defaultWasmURL;

/**
 * setDefaultWasmURL tells every container created without `wasmURL` where the module is;
 * the entry points call it with the URL next to themselves.
 */
export function setDefaultWasmURL(url) {
  defaultWasmURL = url;
}

/**
 * WebContainer holds one session. Containers with different names keep separate sessions
 * (storage keys `authgear_${name}_...`). Every method returns a Promise and may be called
 * before the WebAssembly core has loaded: it waits for it.
 */
export class WebContainer {
  /**
   * @param {{ name?: string, wasmURL?: string | URL }} [options] `name` defaults to
   *   "default"; `wasmURL` overrides where wasmgear.wasm is fetched from (for a CDN).
   */
  constructor(options = {}) {
    /** The container's name; the middle of its storage keys. */
    this.name = options.name || "default";
    /**
     * The delegate: `{ onSessionStateChange(container, reason) }`, called on every session
     * state change, before the Promise of the call that caused it resolves.
     */
    this.delegate = undefined;
    this._wasmURL = options.wasmURL;
    this._core = undefined;
    this._quick = undefined; // the quick calls' state (quick.js), once the core is loaded
    this._coreReady = undefined;
    this._configuring = undefined;
    this._configurePending = false; // a configure() call has not settled yet
    this._listeners = new Set();
  }

  /**
   * addListener calls `fn(container, reason)` on every session state change, like the
   * delegate and beside it: any number may listen (a UI store, an analytics hook), and the
   * delegate keeps working. Returns the function that stops this listener. A listener
   * that throws is reported and does not stop the others.
   */
  addListener(fn) {
    if (typeof fn !== "function") {
      throw new AuthgearError("wasmgear: addListener needs a function", { code: "invalid_options" });
    }
    const entry = { fn }; // the same fn added twice is two subscriptions
    this._listeners.add(entry);
    return () => {
      this._listeners.delete(entry);
    };
  }

  /** "UNKNOWN" before configure, then "NO_SESSION" or "AUTHENTICATED". */
  get sessionState() {
    return this._snapshot().sessionState || SessionState.Unknown;
  }

  /** The current access token (memory only), or undefined. */
  get accessToken() {
    return this._snapshot().accessToken;
  }

  /** When the access token should be refreshed, as a Date, or undefined. */
  get expireAt() {
    const ms = this._snapshot().expireAt;
    return ms === undefined ? undefined : new Date(ms);
  }

  /** The clientID passed to configure, or undefined before it. */
  get clientID() {
    return this._snapshot().clientID;
  }

  /** "refresh_token" (also before configure, as in @authgear/web) or "cookie". */
  get sessionType() {
    return this._snapshot().sessionType || SessionType.RefreshToken;
  }

  /** Whether configure enabled single sign-on across apps. */
  get isSSOEnabled() {
    return this._snapshot().isSSOEnabled === true;
  }

  /**
   * configure validates the options and reads the stored session. It sends no request.
   * Rejects with AuthgearError for bad options; may be called again to reconfigure.
   */
  configure(options) {
    const configuring = this._call("configure", options);
    // Calls made after configure() wait for it, so a quick click cannot race it.
    const settled = configuring.catch(() => {}).then(() => {
      if (this._configuring === settled) this._configurePending = false;
    });
    this._configuring = settled;
    this._configurePending = true;
    return configuring;
  }

  /** clearSessionState forgets the session on this device only (no request): NO_SESSION, reason CLEAR. */
  clearSessionState() {
    return this._call("clearSessionState");
  }

  /**
   * startAuthentication sends the browser to the authorization endpoint (OAuth 2.0 code
   * flow with PKCE S256). Options: redirectURI (required), state, xState, prompt,
   * uiLocales, page, oauthProviderAlias, connectionProperties. The SDK adds its own CSRF state and OIDC nonce.
   */
  startAuthentication(options) {
    return this._call("startAuthentication", options);
  }

  /** authorize is the older name of startAuthentication, kept for code written against it. */
  authorize(options) {
    return this.startAuthentication(options);
  }

  /**
   * makeAuthorizeURL prepares a login like startAuthentication (PKCE verifier and state
   * are stored) and resolves with the URL instead of navigating, for apps that navigate themselves.
   */
  makeAuthorizeURL(options) {
    return this._call("makeAuthorizeURL", options);
  }

  /**
   * finishAuthentication completes the login on the redirect URI page: checks state,
   * exchanges the code, stores the session, removes the code from the address bar and
   * resolves with `{ userInfo, state }` (`state` is the one passed to startAuthentication).
   * Rejects with OAuthError when the provider answered with an error (e.g. access_denied).
   */
  finishAuthentication() {
    return this._call("finishAuthentication");
  }

  /**
   * fetchUserInfo resolves with the signed-in user's claims (camelCase, plus `raw`). A 401
   * ends the session (NO_SESSION, reason INVALID) and rejects.
   */
  fetchUserInfo() {
    return this._call("fetchUserInfo");
  }

  /**
   * refreshAccessTokenIfNeeded makes a request only when the access token is missing or
   * due. A dead refresh token (invalid_grant) ends the session and resolves; a network or
   * server fault rejects and keeps the session. With nothing to do it returns one settled
   * Promise, the same each time, decided by one cheap call into Go (quick.js).
   */
  refreshAccessTokenIfNeeded() {
    const q = this._quickNow();
    if (q && refreshNow(q)) {
      return resolved;
    }
    return this._call("refreshAccessTokenIfNeeded");
  }

  /**
   * getConnectionCredentials resolves with `{ accessToken, expiresAt }`: the signed-in
   * user's access token at a third-party provider, from the provider's credential vault
   * (refreshed there; the refresh token never reaches the page). Authenticated like
   * `fetch`. `options.timeout` (ms, default 10000) bounds the wait; running out rejects
   * with NetworkError and keeps the session. A connection the user has none for rejects
   * with OAuthError `not_found`; one without a usable refresh token with `consent_required`
   * (sign in through it again with connectionProperties { access_type: "offline", prompt:
   * "consent" }). Without connectionID: the connection the user signed in through.
   */
  getConnectionCredentials(connectionID, options) {
    return this._call("getConnectionCredentials", connectionID, options);
  }

  /**
   * logout revokes the refresh token (RFC 7009), forgets the session (reason LOGOUT) and,
   * with `redirectURI`, goes to the provider's end-session endpoint. Without `force`, a
   * failed revocation rejects and keeps the session.
   */
  logout(options) {
    return this._call("logout", options);
  }

  /**
   * fetch is the WHATWG fetch with the session added: it refreshes the access token if
   * needed and sends `Authorization: Bearer <token>` — only to the page's own origin and
   * the `apiOrigins` given to configure; never over plain http off localhost. Other
   * requests go out unchanged, without the token (one console.warn per origin). A caller's own
   * Authorization header is kept. When the server answers 401 with
   * `WWW-Authenticate: Bearer error="invalid_token"`, the token is refreshed once and the
   * request replayed once if its body can be sent again (not a one-shot stream). In cookie
   * mode the session cookie is sent instead (`credentials: "include"`, to the same origins
   * the token would go to, unless the caller chose `init.credentials`). Resolves with the
   * native Response, its body unread; rejects as native fetch would. Every one of these
   * decisions is made in Go: the glue makes the Request, as fetch does, and one quick
   * call decides it (quick.js); what must wait (a refresh, a DPoP proof) goes to
   * sdk.Container.Fetch.
   */
  fetch(input, init) {
    let req, flags;
    try {
      req = new Request(input, init);
      flags = requestFlags(req, init);
    } catch (e) {
      return Promise.reject(e); // what native fetch rejects with (a TypeError)
    }
    const q = this._quickNow();
    const now = q && sendNow(q, req, flags, (copy, ...rest) => this._call("replayFetch", copy, ...rest));
    return now || this._call("fetch", req, flags);
  }

  /**
   * authenticateAnonymously signs in as a new anonymous user (Authgear's
   * /api/anonymous_user/signup), or keeps the anonymous user already signed in, and
   * resolves with `{ userInfo }`. Rejects with ServerError (e.g. reason "Invalid" when the
   * project disallows anonymous users); the session is kept.
   */
  authenticateAnonymously() {
    return this._call("authenticateAnonymously");
  }

  /**
   * startPromoteAnonymousUser gets a promotion code for the signed-in anonymous user and
   * sends the browser to the provider to create a real account (`prompt=login`, the
   * anonymous `login_hint`). Options: redirectURI (required), state, xState, uiLocales.
   */
  startPromoteAnonymousUser(options) {
    return this._call("startPromoteAnonymousUser", options);
  }

  /**
   * finishPromoteAnonymousUser completes the promotion on the redirect page, like
   * finishAuthentication; the user keeps its `sub`. Resolves with `{ userInfo, state }`.
   */
  finishPromoteAnonymousUser() {
    return this._call("finishPromoteAnonymousUser");
  }

  /**
   * getIDTokenHint is the ID token held (restored by configure after a reload), or
   * undefined: what an app hands its backend, or sends as id_token_hint.
   */
  getIDTokenHint() {
    return this._snapshot().idToken;
  }

  /**
   * canReauthenticate reads Authgear's can_reauthenticate claim from the ID token held
   * (unverified); false without one or when the token is malformed.
   */
  canReauthenticate() {
    return this._snapshot().canReauthenticate === true;
  }

  /** getAuthTime is the ID token's auth_time as a Date, or undefined. */
  getAuthTime() {
    const ms = this._snapshot().authTime;
    return ms === undefined ? undefined : new Date(ms);
  }

  /**
   * refreshIDToken gets a new ID token for the current session (Authgear's ID-token grant,
   * with the access token or, in cookie mode, the session cookie) and stores it.
   * invalid_grant ends the session (NO_SESSION, reason INVALID) and rejects with
   * OAuthError; any other failure rejects and keeps the session.
   */
  refreshIDToken() {
    return this._call("refreshIDToken");
  }

  /**
   * startReauthentication sends the browser to the provider to sign in again (code flow
   * with PKCE, `id_token_hint`, `max_age` default 0, no offline_access). Options:
   * redirectURI (required), state, xState, uiLocales, maxAge, authenticationFlowGroup.
   * Rejects with AuthgearError code "cannot_reauthenticate" unless canReauthenticate().
   */
  startReauthentication(options) {
    return this._call("startReauthentication", options);
  }

  /**
   * finishReauthentication completes it on the redirect URI page and resolves with
   * `{ userInfo, state }`: the new ID token (and getAuthTime()) replaces the old one; the
   * session, its refresh token and its state stay as they were.
   */
  finishReauthentication() {
    return this._call("finishReauthentication");
  }

  /**
   * open shows one of the provider's pages signed in (Page.Settings, Page.Identities):
   * in a new tab, or this one with `openInSameTab`. Options: uiLocales, openInSameTab.
   * Call it from a click: the tab is opened blank right here, before any await, because a
   * popup blocker refuses window.open once the click has passed; the core navigates it
   * once the URL is known, or closes it. A blocked tab rejects with code "popup_blocked".
   */
  open(page, options) {
    const tab = options && options.openInSameTab ? undefined : window.open("", "_blank");
    return this._call("open", page, options, tab);
  }

  // The settings actions: each start<Action> sends the browser to the provider's settings
  // page for that action (Authgear's settings-action request: PKCE, id_token_hint, an app
  // session token as login_hint); finish<Action> completes it on the redirect URI page.
  // Options: redirectURI (required), state, xState, uiLocales. Precondition failures reject
  // with AuthgearError: code "no_session", "cannot_reauthenticate" (the ID token does not
  // allow it) or "unsupported_in_cookie_mode". The core does all of it (sdk.StartSettingsAction).

  /** startChangePassword opens the provider's page to change the password. */
  startChangePassword(options) { return this._call("startSettingsAction", SettingsAction.ChangePassword, options); }

  /** finishChangePassword completes startChangePassword on the redirect URI page. */
  finishChangePassword() { return this._call("finishSettingsAction", SettingsAction.ChangePassword); }

  /** startDeleteAccount opens the provider's page to delete the account; finishDeleteAccount then ends the session (NO_SESSION, reason INVALID). */
  startDeleteAccount(options) { return this._call("startSettingsAction", SettingsAction.DeleteAccount, options); }

  /** finishDeleteAccount completes startDeleteAccount on the redirect URI page. */
  finishDeleteAccount() { return this._call("finishSettingsAction", SettingsAction.DeleteAccount); }

  /** startAddEmail opens the provider's page to add an email address. */
  startAddEmail(options) { return this._call("startSettingsAction", SettingsAction.AddEmail, options); }

  /** finishAddEmail completes startAddEmail on the redirect URI page. */
  finishAddEmail() { return this._call("finishSettingsAction", SettingsAction.AddEmail); }

  /** startAddPhone opens the provider's page to add a phone number. */
  startAddPhone(options) { return this._call("startSettingsAction", SettingsAction.AddPhone, options); }

  /** finishAddPhone completes startAddPhone on the redirect URI page. */
  finishAddPhone() { return this._call("finishSettingsAction", SettingsAction.AddPhone); }

  /** startAddUsername opens the provider's page to add a username. */
  startAddUsername(options) { return this._call("startSettingsAction", SettingsAction.AddUsername, options); }

  /** finishAddUsername completes startAddUsername on the redirect URI page. */
  finishAddUsername() { return this._call("finishSettingsAction", SettingsAction.AddUsername); }

  /** startChangeEmail opens the provider's page to change `originalEmail`. */
  startChangeEmail(originalEmail, options) { return this._call("startSettingsAction", SettingsAction.ChangeEmail, options, originalEmail); }

  /** finishChangeEmail completes startChangeEmail on the redirect URI page. */
  finishChangeEmail() { return this._call("finishSettingsAction", SettingsAction.ChangeEmail); }

  /** startChangePhone opens the provider's page to change `originalPhone`. */
  startChangePhone(originalPhone, options) { return this._call("startSettingsAction", SettingsAction.ChangePhone, options, originalPhone); }

  /** finishChangePhone completes startChangePhone on the redirect URI page. */
  finishChangePhone() { return this._call("finishSettingsAction", SettingsAction.ChangePhone); }

  /** startChangeUsername opens the provider's page to change `originalUsername`. */
  startChangeUsername(originalUsername, options) { return this._call("startSettingsAction", SettingsAction.ChangeUsername, options, originalUsername); }

  /** finishChangeUsername completes startChangeUsername on the redirect URI page. */
  finishChangeUsername() { return this._call("finishSettingsAction", SettingsAction.ChangeUsername); }

  /** startLinkOAuth opens the provider's page to link the connection `options.oauthProviderAlias`. */
  startLinkOAuth(options) { return this._call("startSettingsAction", SettingsAction.LinkOAuth, options); }

  /** finishLinkOAuth completes startLinkOAuth on the redirect URI page. */
  finishLinkOAuth() { return this._call("finishSettingsAction", SettingsAction.LinkOAuth); }

  /** startUnlinkOAuth opens the provider's page to unlink the connection `options.oauthProviderAlias`. */
  startUnlinkOAuth(options) { return this._call("startSettingsAction", SettingsAction.UnlinkOAuth, options); }

  /** finishUnlinkOAuth completes startUnlinkOAuth on the redirect URI page. */
  finishUnlinkOAuth() { return this._call("finishSettingsAction", SettingsAction.UnlinkOAuth); }

  _snapshot() {
    return this._core ? this._core.snapshot() || {} : {};
  }

  _ready() {
    if (!this._coreReady) {
      const url = this._wasmURL || defaultWasmURL;
      if (!url) {
        return Promise.reject(new AuthgearError("wasmgear: no wasmURL: pass new WebContainer({ wasmURL })", { code: "invalid_options" }));
      }
      this._coreReady = loadCore(url).then((exports) => {
        const made = exports.newContainer(this.name, (state, reason) => this._notify(reason));
        if (made.error) {
          throw toError(made.error);
        }
        this._quick = quickCalls(exports, made.container);
        this._core = made.container;
        return this._core;
      });
      this._coreReady.catch(() => {
        this._coreReady = undefined;
      });
    }
    return this._coreReady;
  }

  // _notify runs the delegate, then every listener added by then; one that throws is
  // reported, never fatal to the SDK or to the others.
  _notify(reason) {
    const delegate = this.delegate;
    if (delegate && typeof delegate.onSessionStateChange === "function") {
      try {
        delegate.onSessionStateChange(this, reason);
      } catch (e) {
        console.error("wasmgear: delegate.onSessionStateChange threw", e);
      }
    }
    for (const entry of [...this._listeners]) {
      try {
        entry.fn(this, reason);
      } catch (e) {
        console.error("wasmgear: a session listener threw", e);
      }
    }
  }

  // _configured is the core once the latest configure() call has settled.
  async _configured() {
    const core = await this._ready();
    if (this._configuring) {
      await this._configuring;
    }
    return core;
  }

  // _quickNow is the quick calls' state when a call may be answered at once: loaded, and
  // no configure() to wait for.
  _quickNow() {
    return this._core && !this._configurePending ? this._quick : undefined;
  }

  _call(method, ...args) {
    const core = this._core;
    if (core && method !== "configure" && !this._configurePending) {
      // Loaded, and no configure() to wait for: straight to the core.
      return core[method](...args).then(undefined, rethrow);
    }
    return this._callWhenReady(method, ...args);
  }

  async _callWhenReady(method, ...args) {
    const core = method === "configure" ? await this._ready() : await this._configured();
    try {
      return await core[method](...args);
    } catch (e) {
      throw toError(e);
    }
  }
}

function rethrow(e) {
  throw toError(e);
}
