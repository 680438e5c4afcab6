// An app written against @authgear/web 6.0.0 that uses every public member, option, result
// field, enumeration and error class of it. web/test/dropin.test.mjs compiles it as it is,
// and again with only the module name changed to "wasmgear" against the packed tarball.
// Reading a property stands for using it: wasmgear's properties are read-only on purpose
// (README, "Differences from @authgear/web").
import authgear, {
  AuthenticatorKind,
  AuthenticatorType,
  AuthgearError,
  CancelError,
  ColorScheme,
  ErrorName,
  IdentityType,
  LoginIDType,
  OAuthError,
  Page,
  PreAuthenticatedURLDeviceSecretNotFoundError,
  PreAuthenticatedURLIDTokenNotFoundError,
  PreAuthenticatedURLInsufficientScopeError,
  PreAuthenticatedURLNotAllowedError,
  PromptOption,
  ServerError,
  SessionState,
  SessionStateChangeReason,
  SettingsAction,
  TransientTokenStorage,
  VERSION,
  WebContainer,
  type Authenticator,
  type AuthenticateOptions,
  type AuthenticateResult,
  type ConfigureOptions,
  type ContainerOptions,
  type Identity,
  type LinkOAuthOptions,
  type PromoteOptions,
  type ReauthenticateOptions,
  type ReauthenticateResult,
  type SettingOptions,
  type SettingsActionOptions,
  type TokenStorage,
  type UnlinkOAuthOptions,
  type UserInfo,
  type WebContainerDelegate,
} from "@authgear/web";

const redirectURI = location.origin + "/after";
const containerOptions: ContainerOptions = { name: "second" };
const second: WebContainer = new WebContainer(containerOptions);
const delegate: WebContainerDelegate = {
  onSessionStateChange: (container: WebContainer, reason: SessionStateChangeReason) => {
    const reasons: SessionStateChangeReason[] = [SessionStateChangeReason.NoToken, SessionStateChangeReason.FoundToken,
      SessionStateChangeReason.Authenticated, SessionStateChangeReason.Logout, SessionStateChangeReason.Invalid,
      SessionStateChangeReason.Clear];
    console.log(container.sessionState === SessionState.Authenticated, reasons.includes(reason));
  },
};
authgear.delegate = delegate;
const properties: [string, string | undefined, boolean, SessionState, string | undefined, "cookie" | "refresh_token"] = [
  authgear.name, authgear.clientID, authgear.isSSOEnabled, authgear.sessionState, authgear.accessToken, authgear.sessionType,
];
const states: SessionState[] = [SessionState.Unknown, SessionState.NoSession, SessionState.Authenticated];
const prompts: PromptOption[] = [PromptOption.None, PromptOption.Login];
const memory = new TransientTokenStorage();
const tokenStorage: TokenStorage = memory;
memory.setRefreshToken("default", "rt").then(() => memory.getRefreshToken("default")).then(() => memory.delRefreshToken("default"));
const version: string = VERSION;

function describe(info: UserInfo): string {
  const identities: Identity[] = info.identities ?? [];
  const authenticators: Authenticator[] = info.authenticators ?? [];
  const kinds = identities.map((i) => [i.type === IdentityType.LoginID || i.type === IdentityType.OAuth || i.type === IdentityType.Anonymous ||
    i.type === IdentityType.Biometric || i.type === IdentityType.Passkey || i.type === IdentityType.SIWE ||
    i.type === IdentityType.LDAP || i.type === IdentityType.Unknown, i.createdAt.getTime(), i.updatedAt.getTime(), i.loginIDKey,
    i.loginIDType === LoginIDType.Email || i.loginIDType === LoginIDType.Phone || i.loginIDType === LoginIDType.Username ||
    i.loginIDType === LoginIDType.Unknown, i.oauthProviderType, i.oauthProviderAlias]);
  const factors = authenticators.map((a) => [a.createdAt.getTime(), a.updatedAt.getTime(),
    a.type === AuthenticatorType.Password || a.type === AuthenticatorType.OOBOTPEmail || a.type === AuthenticatorType.OOBOTPSMS ||
    a.type === AuthenticatorType.TOTP || a.type === AuthenticatorType.Passkey || a.type === AuthenticatorType.Unknown,
    a.kind === AuthenticatorKind.Primary || a.kind === AuthenticatorKind.Secondary || a.kind === AuthenticatorKind.Unknown]);
  const claims = [info.sub, info.isVerified, info.isAnonymous, info.canReauthenticate, info.recoveryCodeEnabled, info.roles,
    info.raw, info.customAttributes, info.email, info.emailVerified, info.phoneNumber, info.phoneNumberVerified,
    info.preferredUsername, info.familyName, info.givenName, info.middleName, info.name, info.nickname, info.picture,
    info.profile, info.website, info.gender, info.birthdate, info.zoneinfo, info.locale, info.address?.formatted,
    info.address?.streetAddress, info.address?.locality, info.address?.region, info.address?.postalCode, info.address?.country];
  return JSON.stringify([kinds, factors, claims]);
}

function explain(e: unknown): string {
  if (e instanceof ServerError) {
    const names: string[] = [ErrorName.BadRequest, ErrorName.Invalid, ErrorName.Unauthorized, ErrorName.Forbidden,
      ErrorName.NotFound, ErrorName.AlreadyExists, ErrorName.TooManyRequest, ErrorName.InternalError, ErrorName.ServiceUnavailable];
    return [e.name, e.reason, e.message, String(e.info), names.includes(e.name)].join();
  }
  if (e instanceof OAuthError) {
    return [e.error, e.error_description, e.error_uri, e.state].join();
  }
  if (e instanceof PreAuthenticatedURLInsufficientScopeError || e instanceof PreAuthenticatedURLIDTokenNotFoundError ||
    e instanceof PreAuthenticatedURLDeviceSecretNotFoundError || e instanceof PreAuthenticatedURLNotAllowedError || e instanceof CancelError) {
    return "never thrown by the web container";
  }
  if (e instanceof AuthgearError) {
    return String(e.underlyingError ?? e.message);
  }
  return String(e);
}
const made: AuthgearError[] = [new ServerError("m", "Forbidden", "InvalidGrant", { x: 1 }),
  new OAuthError({ error: "access_denied", error_description: "d", error_uri: "u", state: "s" }),
  new CancelError(), new PreAuthenticatedURLNotAllowedError()];

export async function main(): Promise<void> {
  const configureOptions: ConfigureOptions = { clientID: "c", endpoint: "https://example.authgear.cloud", sessionType: "refresh_token",
    isSSOEnabled: false, fetch: window.fetch.bind(window) };
  await authgear.configure(configureOptions);
  await second.configure({ clientID: "c", endpoint: "https://example.authgear.cloud", sessionType: "cookie" });
  const authenticateOptions: AuthenticateOptions = { redirectURI, state: "s", xState: "x", prompt: [PromptOption.Login],
    uiLocales: ["en"], page: "signup", oauthProviderAlias: "google", authenticationFlowGroup: "default" };
  const url: string = await authgear.makeAuthorizeURL(authenticateOptions);
  if (location.search.includes("code=")) {
    const result: AuthenticateResult = await authgear.finishAuthentication();
    console.log(result.state, describe(result.userInfo));
  } else if (!url) {
    await authgear.startAuthentication(authenticateOptions);
  }
  console.log(describe(await authgear.fetchUserInfo()));
  await authgear.refreshAccessTokenIfNeeded();
  const response: Response = await authgear.fetch("/api/me", { method: "GET" });
  console.log(response.status, explain(made[0]), properties, states, prompts, tokenStorage, version);

  const anonymous: AuthenticateResult = await authgear.authenticateAnonymously();
  const promoteOptions: PromoteOptions = { redirectURI, state: "p", xState: "x", uiLocales: ["en"] };
  await authgear.startPromoteAnonymousUser(promoteOptions);
  const promoted: ReauthenticateResult = await authgear.finishPromoteAnonymousUser();
  console.log(anonymous.state, promoted.state, describe(promoted.userInfo));

  // ID token helpers and reauthentication.
  const hint: string | undefined = authgear.getIDTokenHint();
  const time: Date | undefined = authgear.getAuthTime();
  if (authgear.canReauthenticate()) {
    const reauthenticateOptions: ReauthenticateOptions = { redirectURI, state: "r", xState: "x", uiLocales: ["en"], maxAge: 0,
      authenticationFlowGroup: "default" };
    await authgear.startReauthentication(reauthenticateOptions);
    const again: ReauthenticateResult = await authgear.finishReauthentication();
    console.log(again.state, again.userInfo.sub);
  }
  await authgear.refreshIDToken();
  console.log(hint, time);

  // Settings: open and the ten actions.
  const settingOptions: SettingOptions = { uiLocales: ["en"], openInSameTab: true };
  await authgear.open(Page.Settings, settingOptions);
  await authgear.open(Page.Identities);
  const actionOptions: SettingsActionOptions = { redirectURI, state: "a", xState: "x", uiLocales: ["en"] };
  const actions: string[] = [SettingsAction.ChangePassword, SettingsAction.DeleteAccount, SettingsAction.AddEmail,
    SettingsAction.AddPhone, SettingsAction.AddUsername, SettingsAction.ChangeEmail, SettingsAction.ChangePhone,
    SettingsAction.ChangeUsername, SettingsAction.LinkOAuth, SettingsAction.UnlinkOAuth];
  const schemes: string[] = [ColorScheme.Light, ColorScheme.Dark];
  await authgear.startChangePassword(actionOptions);
  await authgear.finishChangePassword();
  await authgear.startDeleteAccount(actionOptions);
  await authgear.finishDeleteAccount();
  await authgear.startAddEmail(actionOptions);
  await authgear.finishAddEmail();
  await authgear.startAddPhone(actionOptions);
  await authgear.finishAddPhone();
  await authgear.startAddUsername(actionOptions);
  await authgear.finishAddUsername();
  await authgear.startChangeEmail("old@example.com", actionOptions);
  await authgear.finishChangeEmail();
  await authgear.startChangePhone("+85200000000", actionOptions);
  await authgear.finishChangePhone();
  await authgear.startChangeUsername("old", actionOptions);
  await authgear.finishChangeUsername();
  const link: LinkOAuthOptions = { ...actionOptions, oauthProviderAlias: "google" };
  await authgear.startLinkOAuth(link);
  await authgear.finishLinkOAuth();
  const unlink: UnlinkOAuthOptions = { ...actionOptions, oauthProviderAlias: "google" };
  await authgear.startUnlinkOAuth(unlink);
  await authgear.finishUnlinkOAuth();
  console.log(actions, schemes);

  await authgear.logout({ force: true, redirectURI });
}
