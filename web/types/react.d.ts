// wasmgear/react: React 18/19 bindings (an optional peer dependency). See src/react.js.
import type { ReactNode, ReactElement } from "react";
import type { WebContainer } from "./container.js";
import type { SessionState } from "./constants.js";
import type { ConfigureOptions } from "./options.js";
import type { AuthenticateResult, UserInfo } from "./userinfo.js";

/** The props of {@link AuthgearProvider}. */
export interface AuthgearProviderProps {
  /** The container to share; default: the default container. */
  container?: WebContainer;
  /** The options of `container.configure`, called once per container and options. */
  configure: ConfigureOptions;
  /** The part of the app that may call {@link useAuthgear}. */
  children?: ReactNode;
}

/** What {@link useAuthgear} returns; it changes on every session state change. */
export interface AuthgearState {
  /** The container, for its methods (`startAuthentication`, `fetch`, `logout`…). */
  container: WebContainer;
  /** `container.sessionState`; `"UNKNOWN"` on the server and until configure finishes. */
  sessionState: SessionState;
  /** Whether `sessionState` is `"AUTHENTICATED"`. */
  isAuthenticated: boolean;
  /** True until configure has finished (or failed). */
  isLoading: boolean;
  /** The user's claims, fetched when the session becomes AUTHENTICATED; undefined otherwise. */
  userInfo: UserInfo | undefined;
  /** The error of configure or of the user info request, if any. */
  error: unknown;
}

/** What {@link useAuthgearCallback} returns. */
export type AuthgearCallbackState =
  | { status: "idle" }
  | { status: "pending" }
  | { status: "done"; result: AuthenticateResult }
  | { status: "error"; error: unknown };

/** Configures the container once and shares its session with the subtree. */
export declare function AuthgearProvider(props: AuthgearProviderProps): ReactElement;

/** The session of the nearest {@link AuthgearProvider}; throws without one. */
export declare function useAuthgear(): AuthgearState;

/**
 * On the redirect URI route: completes the login when the address carries `code=` or
 * `error=` (once, StrictMode included) and reports the outcome.
 */
export declare function useAuthgearCallback(): AuthgearCallbackState;
