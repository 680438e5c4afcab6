// Uses every member of the package's public API with the types an app expects, so that
// `tsc --noEmit` proves the declarations describe it. types.test.mjs also checks that every
// runtime export and WebContainer member appears in the declarations, so a new method
// cannot ship untyped. Nothing here runs.
import authgear, {
  AuthgearError,
  CancelError,
  type ErrorCode,
  NetworkError,
  OAuthError,
  PromptOption,
  ServerError,
  SessionState,
  SessionStateChangeReason,
  SessionType,
  TokenStorage,
  WebContainer,
  type AuthenticateOptions,
  type AuthenticateResult,
  type ConfigureOptions,
  type LogoutOptions,
  type ConnectionCredentials,
  type ConnectionCredentialsOptions,
  type OAuthErrorInit,
  type UserInfo,
  type TokenStorageMode,
  type UserInfoAddress,
  type WebContainerDelegate,
  type WebContainerOptions,
  type ReauthenticateOptions,
  type ReauthenticateResult,
  type SettingOptions,
  type SettingsActionOptions,
  type LinkOAuthOptions,
  type UnlinkOAuthOptions,
  Page,
  SettingsAction,
} from "wasmgear";

/** Compiles only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

// The enumerations: values and their string-literal unions, as Authgear's SDK spells them.
assertType<Equal<SessionState, "UNKNOWN" | "NO_SESSION" | "AUTHENTICATED">>();
assertType<Equal<SessionStateChangeReason, "NO_TOKEN" | "FOUND_TOKEN" | "AUTHENTICATED" | "LOGOUT" | "INVALID" | "CLEAR">>();
assertType<Equal<PromptOption, "none" | "login" | "consent" | "select_account">>();
assertType<Equal<TokenStorageMode, "persistent" | "transient">>();
assertType<Equal<SessionType, "refresh_token" | "cookie">>();
const states: SessionState[] = [SessionState.Unknown, SessionState.NoSession, SessionState.Authenticated];
const reasons: SessionStateChangeReason[] = [
  SessionStateChangeReason.NoToken,
  SessionStateChangeReason.FoundToken,
  SessionStateChangeReason.Authenticated,
  SessionStateChangeReason.Logout,
  SessionStateChangeReason.Invalid,
  SessionStateChangeReason.Clear,
];
const prompts: PromptOption[] = [PromptOption.None, PromptOption.Login, PromptOption.Consent, PromptOption.SelectAccount];
const storages: TokenStorage[] = [TokenStorage.Persistent, TokenStorage.Transient];
const sessionTypes: SessionType[] = [SessionType.RefreshToken, SessionType.Cookie];

// The default container and more containers.
const container: WebContainer = authgear;
const containerOptions: WebContainerOptions = { name: "admin", wasmURL: new URL("https://cdn.example/wasmgear.wasm") };
const admin = new WebContainer(containerOptions);
const fromCDN = new WebContainer({ wasmURL: "/static/wasmgear.wasm" });
const plain = new WebContainer();
const name: string = admin.name;

// Properties.
const state: SessionState = container.sessionState;
const accessToken: string | undefined = container.accessToken;
const expireAt: Date | undefined = container.expireAt;
const clientID: string | undefined = container.clientID;
const sessionType: SessionType | undefined = container.sessionType;
const sso: boolean = container.isSSOEnabled;

// The delegate, with the reason as a string literal union.
const delegate: WebContainerDelegate = {
  onSessionStateChange(changed: WebContainer, reason: SessionStateChangeReason): void {
    if (reason === "INVALID" || reason === SessionStateChangeReason.Logout) {
      console.log(changed.name, changed.sessionState);
    }
  },
};
authgear.delegate = delegate;
authgear.delegate = undefined;
// Listeners beside the delegate; each addListener returns its own unsubscribe.
const unsubscribe: () => void = authgear.addListener((changed: WebContainer, reason: SessionStateChangeReason) => {
  console.log(changed.name, reason);
});
unsubscribe();

async function everyMethod(): Promise<void> {
  const configureOptions: ConfigureOptions = {
    clientID: "my-client",
    endpoint: "https://myapp.authgear.cloud",
    sessionType: "refresh_token",
    isSSOEnabled: false,
    tokenStorage: TokenStorage.Persistent,
    apiOrigins: ["https://api.example.com"],
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  };
  const configured: void = await authgear.configure(configureOptions);
  await admin.configure({ clientID: "c", endpoint: "https://e", sessionType: SessionType.Cookie, tokenStorage: "transient" });
  await plain.configure({ clientID: "c", endpoint: "https://e", fetch: window.fetch.bind(window) });

  const authenticateOptions: AuthenticateOptions = {
    redirectURI: location.origin + "/after-login",
    state: "/dashboard",
    xState: "x",
    prompt: PromptOption.Login,
    uiLocales: ["fr", "en"],
    page: "signup",
    oauthProviderAlias: "google",
    connectionProperties: { scope: "email openid profile", access_type: "offline", prompt: "select_account consent" },
  };
  await authgear.startAuthentication(authenticateOptions);
  await authgear.startAuthentication({ redirectURI: "/", prompt: ["login", "consent"], uiLocales: "ja" });
  await authgear.authorize({ redirectURI: "/" });
  const url: string = await authgear.makeAuthorizeURL({ redirectURI: "/" });

  const result: AuthenticateResult = await authgear.finishAuthentication();
  const appState: string | null | undefined = result.state;
  const user: UserInfo = result.userInfo;
  readUser(user);
  readUser(await authgear.fetchUserInfo());

  const refreshed: void = await authgear.refreshAccessTokenIfNeeded();

  // ID-token helpers (issue 10), as @authgear/web 6.0.0 declares them.
  const hint: string | undefined = authgear.getIDTokenHint();
  const mayReauthenticate: boolean = authgear.canReauthenticate();
  const authTime: Date | undefined = authgear.getAuthTime();
  const idRefreshed: void = await authgear.refreshIDToken();
  void hint;
  void mayReauthenticate;
  void authTime;
  void idRefreshed;
  const reauthOptions: ReauthenticateOptions = { redirectURI: location.origin, state: "s", xState: "x", uiLocales: ["fr"], maxAge: 0, authenticationFlowGroup: "g" };
  const reauthStarted: void = await authgear.startReauthentication(reauthOptions);
  const reauthResult: ReauthenticateResult = await authgear.finishReauthentication();
  const reauthState: string | undefined = reauthResult.state;
  readUser(reauthResult.userInfo);
  void reauthStarted;
  void reauthState;
  const settingOptions: SettingOptions = { uiLocales: ["fr"], openInSameTab: true };
  const openedSettings: void = await authgear.open(Page.Settings, settingOptions);
  await authgear.open(Page.Identities);
  await authgear.open("/settings");
  void openedSettings;

  // The settings actions, as @authgear/web 6.0.0 declares them.
  const actionOptions: SettingsActionOptions = { redirectURI: location.origin, state: "s", xState: "x", uiLocales: ["fr"] };
  const linkOptions: LinkOAuthOptions = { ...actionOptions, oauthProviderAlias: "google" };
  const unlinkOptions: UnlinkOAuthOptions = { redirectURI: location.origin, oauthProviderAlias: "google" };
  const started: void[] = [
    await authgear.startChangePassword(actionOptions),
    await authgear.startDeleteAccount(actionOptions),
    await authgear.startAddEmail(actionOptions),
    await authgear.startAddPhone(actionOptions),
    await authgear.startAddUsername(actionOptions),
    await authgear.startChangeEmail("old@example.com", actionOptions),
    await authgear.startChangePhone("+85200000000", actionOptions),
    await authgear.startChangeUsername("old", actionOptions),
    await authgear.startLinkOAuth(linkOptions),
    await authgear.startUnlinkOAuth(unlinkOptions),
  ];
  const finished: Promise<void>[] = [
    authgear.finishChangePassword(), authgear.finishDeleteAccount(), authgear.finishAddEmail(),
    authgear.finishAddPhone(), authgear.finishAddUsername(), authgear.finishChangeEmail(),
    authgear.finishChangePhone(), authgear.finishChangeUsername(), authgear.finishLinkOAuth(),
    authgear.finishUnlinkOAuth(),
  ];
  const action: SettingsAction = SettingsAction.DeleteAccount;
  void started;
  void finished;
  void action;

  // fetch is the DOM's fetch: the same argument types, the native Response.
  const r1: Response = await authgear.fetch("/api/me");
  const r2: Response = await authgear.fetch(new URL("https://api.example.com/x"), { method: "POST", body: new FormData() });
  const r3: Response = await authgear.fetch(new Request("/api"), { headers: { "X-A": "1" }, signal: AbortSignal.timeout(1000) });
  const asDOMFetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> = authgear.fetch.bind(authgear);
  const data: unknown = await r1.json();

  const cleared: void = await authgear.clearSessionState();
  const logoutOptions: LogoutOptions = { redirectURI: location.origin, force: true };
  await authgear.logout(logoutOptions);
  await authgear.logout();
  const vaultOptions: ConnectionCredentialsOptions = { timeout: 5000 };
  const credentials: ConnectionCredentials = await authgear.getConnectionCredentials("google", vaultOptions);
  const providerToken: string = credentials.accessToken;
  const providerExpiry: string | undefined = (await authgear.getConnectionCredentials("github")).expiresAt;
  const signInConnection: ConnectionCredentials = await authgear.getConnectionCredentials();
  void signInConnection;
  void providerToken;
  void providerExpiry;
  console.log(configured, url, appState, refreshed, r2, r3, asDOMFetch, data, cleared, fromCDN);
}

function readUser(user: UserInfo): void {
  const sub: string = user.sub;
  const flags: boolean[] = [user.isAnonymous, user.isVerified, user.canReauthenticate];
  const roles: string[] = user.roles;
  const custom: Record<string, unknown> = user.customAttributes;
  const raw: Record<string, unknown> = user.raw;
  const optionalStrings: (string | undefined)[] = [
    user.email, user.phoneNumber, user.preferredUsername, user.familyName, user.givenName,
    user.middleName, user.name, user.nickname, user.picture, user.profile, user.website,
    user.gender, user.birthdate, user.zoneinfo, user.locale,
  ];
  const optionalFlags: (boolean | undefined)[] = [user.emailVerified, user.phoneNumberVerified];
  const updatedAt: number | undefined = user.updatedAt;
  const address: UserInfoAddress | undefined = user.address;
  const lines: (string | undefined)[] = address
    ? [address.formatted, address.streetAddress, address.locality, address.region, address.postalCode, address.country]
    : [];
  console.log(sub, flags, roles, custom, raw, optionalStrings, optionalFlags, updatedAt, lines);
}

// Errors are real Error subclasses, narrowed with instanceof.
function explain(e: unknown): string {
  if (e instanceof OAuthError) {
    const code: string = e.error;
    const fields: (string | undefined)[] = [e.error_description, e.error_uri, e.state, String(e.status satisfies number | undefined)];
    return code + fields.join(" ");
  }
  if (e instanceof ServerError) {
    const status: number = e.status;
    const body: string = e.body;
    return status + body;
  }
  if (e instanceof NetworkError || e instanceof CancelError) {
    return e.name;
  }
  if (e instanceof AuthgearError) {
    const base: Error = e;
    const code: ErrorCode = e.code;
    if (code === "no_session" || code === "invalid_options") {
      return code;
    }
    return base.message + String(base.cause);
  }
  return String(e);
}
const init: OAuthErrorInit = { error: "access_denied", error_description: "no", error_uri: "https://e", state: "s", message: "m" };
const made: AuthgearError[] = [
  new AuthgearError("m", { cause: new Error("c") }),
  new AuthgearError("m", { code: "not_configured" }),
  new AuthgearError(),
  new OAuthError(init),
  new ServerError({ status: 502, body: "bad gateway", message: "m" }),
  new NetworkError({ message: "offline" }),
  new CancelError(),
];

console.log(states, reasons, prompts, storages, sessionTypes, name, state, accessToken, expireAt, clientID, sessionType, sso, made);
everyMethod().catch((e: unknown) => console.log(explain(e)));
