// A React app on wasmgear/react, as a user writes it, rendered under StrictMode (every
// effect runs twice). e2e/npm_react_test.go drives it after Vite built it: login → API →
// logout. Written with createElement so that no JSX plugin is needed.
import { StrictMode, createElement as h, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { AuthgearProvider, useAuthgear, useAuthgearCallback } from "wasmgear/react";

// How often App's mount effect ran: 2 on the first page under StrictMode's development
// build, which is what the test checks before relying on it.
declare global {
  interface Window {
    mountEffects: number;
    plainFinishes: string[];
  }
}
window.mountEffects = 0;
// What each call of the plain pattern below answered (StrictMode makes it two calls).
window.plainFinishes = [];
const arrivedAtCallback = /[?&](code|error)=/.test(location.search);

interface DemoConfig {
  endpoint: string;
  clientID: string;
}

declare global {
  interface Window {
    wasmgearDemo?: DemoConfig;
  }
}

const config: DemoConfig = window.wasmgearDemo ?? { endpoint: "http://127.0.0.1:8081", clientID: "demo" };
const redirectURI = location.origin + "/";

function describe(e: unknown): string {
  return e && typeof e === "object" && "code" in e ? String((e as { code: unknown }).code) : String(e);
}

function App() {
  const { container, sessionState, isLoading, userInfo, error } = useAuthgear();
  const callback = useAuthgearCallback();
  const [api, setApi] = useState("");
  useEffect(() => {
    window.mountEffects++;
  }, []);
  // The plain pattern many apps write, without useAuthgearCallback: finishAuthentication
  // in a mount effect. StrictMode runs it twice; both calls must get the login's result.
  useEffect(() => {
    if (arrivedAtCallback) {
      container.finishAuthentication().then(
        (r) => window.plainFinishes.push("done " + r.userInfo.sub),
        (e) => window.plainFinishes.push("error " + describe(e)),
      );
    }
  }, [container]);
  const callApi = async () => {
    const r = await container.fetch("/api/me");
    setApi(r.status + " " + (r.ok ? (await r.json()).sub : ""));
  };
  return h(
    "main",
    null,
    h("p", null, "Session: ", h("output", { id: "state" }, sessionState)),
    h("p", null, "Callback: ", h("output", { id: "callback" }, callback.status === "error" ? "error " + describe(callback.error) : callback.status)),
    h("p", null, "User: ", h("output", { id: "user" }, userInfo ? userInfo.sub : "")),
    h("p", null, "Error: ", h("output", { id: "error" }, error ? describe(error) : "")),
    h("button", { id: "login", disabled: isLoading || sessionState !== "NO_SESSION", onClick: () => container.startAuthentication({ redirectURI }) }, "Log in"),
    h("button", { id: "api", disabled: sessionState !== "AUTHENTICATED", onClick: callApi }, "Call /api/me"),
    h("button", { id: "logout", disabled: sessionState !== "AUTHENTICATED", onClick: () => container.logout({ redirectURI }) }, "Log out"),
    h("p", null, "API: ", h("output", { id: "api-result" }, api)),
  );
}

createRoot(document.getElementById("root")!).render(
  h(StrictMode, null, h(AuthgearProvider, { configure: { clientID: config.clientID, endpoint: config.endpoint } }, h(App))),
);
