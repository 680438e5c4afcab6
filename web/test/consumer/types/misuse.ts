// Deliberate misuse: every statement below is a mistake the declarations must catch.
// types.test.mjs runs tsc on this file and requires exactly the error named by each
// `// expect-error TSnnnn` comment, on the line after it, and no other error.
import authgear, { OAuthError, SessionState, WebContainer } from "wasmgear";

async function misuse(): Promise<void> {
  // expect-error TS2554: configure needs an options object
  await authgear.configure();
  // expect-error TS2345: clientID is required
  await authgear.configure({ endpoint: "https://e" });
  // expect-error TS2322: sessionType is "refresh_token" or "cookie"
  await authgear.configure({ clientID: "c", endpoint: "https://e", sessionType: "jwt" });
  // expect-error TS2561: there is no clientId (lower-case d) option
  await authgear.configure({ clientId: "c", endpoint: "https://e" });
  // expect-error TS2345: startAuthentication needs redirectURI
  await authgear.startAuthentication({ state: "x" });
  // expect-error TS2322: prompt takes the OIDC values only
  await authgear.startAuthentication({ redirectURI: "/", prompt: "always" });
  // expect-error TS2540: sessionState is read-only
  authgear.sessionState = SessionState.Authenticated;
  // expect-error TS2540: accessToken is read-only
  authgear.accessToken = "forged";
  // expect-error TS2367: sessionState never equals a misspelled state
  if (authgear.sessionState === "LOGGED_IN") {
    return;
  }
  // expect-error TS2322: fetchUserInfo resolves with a UserInfo, whose sub is a string
  const sub: number = (await authgear.fetchUserInfo()).sub;
  // expect-error TS2353: the delegate's method is onSessionStateChange
  authgear.delegate = { onStateChange() {} };
  // expect-error TS2345: fetch takes a RequestInfo or URL, as the DOM's does
  await authgear.fetch(42);
  // expect-error TS2551: there is no getAccessToken method
  authgear.getAccessToken();
  // expect-error TS2322: the container's name is a string
  new WebContainer({ name: 7 });
  // expect-error TS2322: access_type is "online" or "offline"
  await authgear.startAuthentication({ redirectURI: "/", connectionProperties: { access_type: "forever" } });
  // expect-error TS2345: startLinkOAuth needs the connection's oauthProviderAlias
  await authgear.startLinkOAuth({ redirectURI: "/" });
  // expect-error TS2554: startChangeEmail takes the original email first
  await authgear.startChangeEmail({ redirectURI: "/" });
  // expect-error TS2345: open takes a Page
  await authgear.open("/settings/password");
  // expect-error TS2322: error codes are a closed union
  const code: "no_sesion" = new OAuthError().code;
  console.log(code);
  // expect-error TS2551: an OAuthError's fields are as on the wire (error_description)
  console.log(new OAuthError({ error: "x" }).errorDescription, sub);
}

export { misuse };
