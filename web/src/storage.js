// Classes @authgear/web exports for its native-app shapes, kept so that code importing them
// runs unchanged.

/**
 * TransientTokenStorage keeps refresh tokens in memory, per namespace (Authgear's
 * TokenStorage interface). wasmgear's own equivalent is `configure({ tokenStorage:
 * "transient" })`; @authgear/web's web container has no option taking this class either.
 */
export class TransientTokenStorage {
  constructor() {
    this._tokens = new Map();
  }

  /** setRefreshToken stores the token for the namespace. */
  async setRefreshToken(namespace, refreshToken) {
    this._tokens.set(namespace, refreshToken);
  }

  /** getRefreshToken resolves with the namespace's token, or null. */
  async getRefreshToken(namespace) {
    return this._tokens.has(namespace) ? this._tokens.get(namespace) : null;
  }

  /** delRefreshToken forgets the namespace's token. */
  async delRefreshToken(namespace) {
    this._tokens.delete(namespace);
  }
}

/**
 * DefaultDPoPProvider is @authgear/web's DPoP (RFC 9449) hook for native apps, kept for
 * drop-in compatibility. wasmgear's containers sign their own proofs in the core (the
 * `dpop` option of configure), with a key this hook never sees, so both methods resolve
 * with null ("no proof"), the answer Authgear's provider gives where the platform has no key.
 */
export class DefaultDPoPProvider {
  /** Accepts Authgear's `{ sharedStorage, plugin }` options and ignores them. */
  constructor(options) {
    this._options = options;
  }

  /** generateDPoPProof resolves with null: no proof is made. */
  async generateDPoPProof() {
    return null;
  }

  /** computeJKT resolves with null: there is no key to thumbprint. */
  async computeJKT() {
    return null;
  }
}
