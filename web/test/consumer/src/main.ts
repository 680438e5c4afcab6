// The consumer app: what a user writes after `npm install wasmgear`, in TypeScript. Two
// containers, the default one and "second", show that each keeps its own session. The
// end-to-end tests (e2e/npm_test.go) drive this page after esbuild and Vite bundled it.
import authgear, {
  AuthgearError,
  PromptOption,
  SessionState,
  WebContainer,
  type WebContainerDelegate,
} from "wasmgear";

/** What the test server's /demo-config.js defines. */
interface DemoConfig {
  endpoint: string;
  clientID: string;
  mode: string;
}

/** What the page exposes to the tests. */
interface Consumer {
  authgear: WebContainer;
  second: WebContainer;
  WebContainer: typeof WebContainer;
  SessionState: typeof SessionState;
  AuthgearError: typeof AuthgearError;
  reasons: string[];
  ready: Promise<void>;
}

declare global {
  interface Window {
    wasmgearDemo?: DemoConfig;
    consumer: Consumer;
  }
}

const config: DemoConfig = window.wasmgearDemo ?? { endpoint: "http://127.0.0.1:8081", clientID: "demo", mode: "jwt" };
const redirectURI = location.origin + "/";
const second = new WebContainer({ name: "second" });
const reasons: string[] = [];

function el(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) {
    throw new Error("#" + id + " is missing");
  }
  return found;
}

function render(): void {
  el("state").textContent = authgear.sessionState;
  el("state-second").textContent = second.sessionState;
  el("reasons").textContent = reasons.join(" ");
}

function show(value: unknown): void {
  el("output").textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

function showError(e: unknown): void {
  show(e instanceof AuthgearError ? e.name + ": " + e.message : String(e));
}

const delegate: WebContainerDelegate = {
  onSessionStateChange(container, reason) {
    reasons.push(container.name + ":" + reason);
    render();
  },
};
authgear.delegate = delegate;
second.delegate = delegate;

async function start(): Promise<void> {
  const options = { clientID: config.clientID, endpoint: config.endpoint };
  await Promise.all([authgear.configure(options), second.configure(options)]);
  const query = new URLSearchParams(location.search);
  if (query.has("code") || query.has("error")) {
    // The redirect URI says which container started the login.
    const container = query.get("container") === "second" ? second : authgear;
    try {
      const { userInfo, state } = await container.finishAuthentication();
      show({ container: container.name, sub: userInfo.sub, state });
    } catch (e) {
      showError(e);
    }
  }
  render();
}

el("login").onclick = () => {
  authgear.startAuthentication({ redirectURI, state: "consumer" }).catch(showError);
};
// A second account in the same browser: the provider's session would sign the same
// user in again, so this login asks for the form.
el("login-second").onclick = () => {
  second
    .startAuthentication({ redirectURI: redirectURI + "?container=second", prompt: PromptOption.Login })
    .catch(showError);
};
el("api").onclick = async () => {
  try {
    const response = await authgear.fetch("/api/me");
    show(response.ok ? await response.json() : "HTTP " + response.status);
  } catch (e) {
    showError(e);
  }
};

window.consumer = {
  authgear,
  second,
  WebContainer,
  SessionState,
  AuthgearError,
  reasons,
  ready: start().catch(showError),
};
