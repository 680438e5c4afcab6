// wasmgear/react: React 18/19 bindings. <AuthgearProvider> configures a container and
// shares its session; useAuthgear() reads it through useSyncExternalStore, fed by
// container.addListener (any number of listeners; the delegate stays the app's).
// StrictMode-safe: configure runs once per container and options, and
// finishAuthentication answers a repeated call for the same callback alike.
// SSR-safe: nothing touches window during render on the server; the server snapshot is
// "UNKNOWN".
// React's default export: its CommonJS build exposes no named exports to Node's ESM loader.
import React from "react";
import authgear, { SessionState } from "./index.js";

const { createContext, createElement, useContext, useEffect, useState, useSyncExternalStore } = React;

const AuthgearContext = createContext(null);

// configured remembers each container's configure call by its options, so StrictMode's
// second effect (and a remount) reuses it instead of configuring again.
const configured = new WeakMap(); // container → { key, promise }

function configureOnce(container, options) {
  const key = JSON.stringify(options);
  const seen = configured.get(container);
  if (seen && seen.key === key) {
    return seen.promise;
  }
  const promise = container.configure(options);
  configured.set(container, { key, promise });
  promise.catch(() => {
    if (configured.get(container)?.promise === promise) configured.delete(container);
  });
  return promise;
}

/**
 * AuthgearProvider configures `container` (default: the default container) with
 * `configure` (the options of `container.configure`) once, and gives its subtree the
 * session through useAuthgear(). The user info is fetched whenever the session becomes
 * AUTHENTICATED and dropped when it ends.
 */
export function AuthgearProvider({ container = authgear, configure, children }) {
  const sessionState = useSyncExternalStore(
    (onChange) => container.addListener(onChange),
    () => container.sessionState,
    () => SessionState.Unknown,
  );
  const [status, setStatus] = useState({ ready: false, error: undefined });
  const [userInfo, setUserInfo] = useState(undefined);
  const key = JSON.stringify(configure);
  useEffect(() => {
    let live = true;
    configureOnce(container, configure).then(
      () => live && setStatus({ ready: true, error: undefined }),
      (error) => live && setStatus({ ready: false, error }),
    );
    return () => {
      live = false;
    };
    // configure is compared by value (key), so an inline object does not reconfigure.
  }, [container, key]);
  useEffect(() => {
    if (sessionState !== SessionState.Authenticated) {
      setUserInfo(undefined);
      return undefined;
    }
    let live = true;
    container.fetchUserInfo().then(
      (info) => live && setUserInfo(info),
      (error) => live && setStatus((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
  }, [container, sessionState]);
  const value = {
    container,
    sessionState,
    isAuthenticated: sessionState === SessionState.Authenticated,
    isLoading: !status.ready && !status.error,
    userInfo,
    error: status.error,
  };
  return createElement(AuthgearContext.Provider, { value }, children);
}

/**
 * useAuthgear returns `{ container, sessionState, isAuthenticated, isLoading, userInfo,
 * error }` of the nearest AuthgearProvider; it re-renders on every session state change.
 */
export function useAuthgear() {
  const value = useContext(AuthgearContext);
  if (!value) {
    throw new Error("wasmgear/react: useAuthgear() needs an <AuthgearProvider> above it");
  }
  return value;
}

// isCallback reports whether the address is a provider's redirect (code= or error=).
function isCallback() {
  if (typeof window === "undefined") return false;
  const q = new URLSearchParams(window.location.search);
  return q.has("code") || q.has("error");
}

/**
 * useAuthgearCallback completes a login on the redirect URI route: when the address
 * carries `code=` or `error=` it calls finishAuthentication once configure has finished,
 * and returns `{ status, result, error }`: status "idle" (not a callback), "pending",
 * "done" (`result` is `{ userInfo, state }`) or "error" (`error`, e.g. OAuthError
 * access_denied when the user pressed Cancel).
 */
export function useAuthgearCallback() {
  const { container, isLoading, error: configureError } = useAuthgear();
  // Read during the first render: the address bar is cleaned once the call starts.
  const [callback] = useState(isCallback);
  const [outcome, setOutcome] = useState(() => ({ status: callback ? "pending" : "idle" }));
  useEffect(() => {
    if (!callback || isLoading || configureError) return undefined;
    let live = true;
    container.finishAuthentication().then(
      (result) => live && setOutcome({ status: "done", result }),
      (error) => live && setOutcome({ status: "error", error }),
    );
    return () => {
      live = false;
    };
  }, [container, callback, isLoading, configureError]);
  return outcome;
}
