// Classes @authgear/web exports for its native-app shapes, kept so that code importing them
// compiles and runs unchanged.

/** @authgear/web's `TokenStorage` interface: where a native container keeps refresh tokens. */
export interface RefreshTokenStorage {
  /** Stores the refresh token of a namespace. */
  setRefreshToken(namespace: string, refreshToken: string): Promise<void>;
  /** Resolves with the namespace's refresh token, or null. */
  getRefreshToken(namespace: string): Promise<string | null>;
  /** Forgets the namespace's refresh token. */
  delRefreshToken(namespace: string): Promise<void>;
}

/**
 * Keeps refresh tokens in memory. wasmgear's own equivalent is `configure({ tokenStorage:
 * "transient" })`; @authgear/web's web container has no option taking this class either.
 */
export declare class TransientTokenStorage implements RefreshTokenStorage {
  /** Makes an empty storage. */
  constructor();
  /** Stores the refresh token of a namespace. */
  setRefreshToken(namespace: string, refreshToken: string): Promise<void>;
  /** Resolves with the namespace's refresh token, or null. */
  getRefreshToken(namespace: string): Promise<string | null>;
  /** Forgets the namespace's refresh token. */
  delRefreshToken(namespace: string): Promise<void>;
}

/**
 * @authgear/web's DPoP (RFC 9449) hook for native apps (untyped there), kept so apps that
 * import it compile. wasmgear's containers make their own proofs (see `configure`'s `dpop`)
 * with a key no script can read; this hook has no key: both methods resolve with null.
 */
export declare class DefaultDPoPProvider {
  /** Accepts Authgear's `{ sharedStorage, plugin }` options and ignores them. */
  constructor(options?: unknown);
  /** Resolves with null: no proof is made. */
  generateDPoPProof(options?: unknown): Promise<string | null>;
  /** Resolves with null: there is no key to thumbprint. */
  computeJKT(): Promise<string | null>;
}
