package sdk

import (
	"context"
	"slices"
	"sync"
)

// DPoPKey is one proof-of-possession key pair (RFC 9449 §2). Its private half stays in
// the browser's crypto engine (WebCrypto, extractable: false): the core sees only the
// public point and signatures.
type DPoPKey interface {
	// PublicKey is the P-256 public point, x and y, 32 bytes each, big-endian
	// (RFC 7518 §6.2.1.2).
	PublicKey() (x, y []byte)
	// Sign returns the ES256 signature of data as r||s, 64 bytes (RFC 7518 §3.4), which
	// is what WebCrypto's ECDSA produces.
	Sign(ctx context.Context, data []byte) ([]byte, error)
}

// DPoPKeys makes and keeps the containers' keys: WebCrypto and IndexedDB in the browser,
// where a CryptoKey is stored by structured clone without ever being exported, and every
// tab of the origin finds the same key.
type DPoPKeys interface {
	// Generate makes a new ES256 key pair whose private key cannot be exported.
	Generate(ctx context.Context) (DPoPKey, error)
	// Load returns the key saved under name; nil and no error when there is none.
	Load(ctx context.Context, name string) (DPoPKey, error)
	// Save stores key under name, replacing any.
	Save(ctx context.Context, name string, key DPoPKey) error
	// Delete removes the key saved under name; a missing key is not an error.
	Delete(ctx context.Context, name string) error
}

// WithDPoPKeys lets the container bind its tokens to a key (RFC 9449) when the provider
// offers DPoP and the app has not turned it off.
func WithDPoPKeys(k DPoPKeys) Option { return func(s *settings) { s.dpopKeys = k } }

// dpopAlg is the one proof algorithm the SDK signs with: ES256 is what WebCrypto makes
// quickly and what Authgear and node-oidc-provider accept.
const dpopAlg = "ES256"

// keyDPoPKey names the container's key in the key store; keyTokenType is the token_type of
// the session's last token response (wasmgear's own key, same prefix as Authgear's).
const (
	keyDPoPKey   = "dpopKey"
	keyTokenType = "tokenType"
)

// tokenTypeDPoP is the token_type of a DPoP-bound access token (RFC 9449 §5).
const tokenTypeDPoP = "DPoP"

// dpopState is the container's DPoP key, cached after the first use, and the nonces the
// servers handed out (RFC 9449 §8), kept per origin and in memory only.
type dpopState struct {
	keys DPoPKeys // nil: this browser has no WebCrypto key store, so no DPoP

	mu     sync.Mutex // guards key, nonces and the caches
	key    *boundKey  // nil: not loaded yet (or forgotten)
	nonces map[string]string
	// athFor and ath cache the ath of the last access token (RFC 9449 §4.2): it is the
	// same for every request until the token changes.
	athFor, ath string
}

// boundKey is a key with what every proof repeats: the public JWK and its thumbprint.
type boundKey struct {
	key        DPoPKey
	header     string // the proof's JOSE header, encoded: typ, alg and the public JWK
	thumbprint string // RFC 7638, the value of dpop_jkt and cnf.jkt
	// memoryOnly keys belong to a transient session: one tab, never in the store.
	memoryOnly bool
}

// dpopOn reports whether token requests carry proofs: the browser can keep a key, the app
// did not set dpop: false, the session is token mode, and discovery lists ES256 among
// dpop_signing_alg_values_supported (RFC 9449 §5.1).
func (c *Container) dpopOn(cfg *config, meta *providerMetadata) bool {
	return c.dpop.keys != nil && !cfg.DisableDPoP && cfg.SessionType == SessionTypeRefreshToken &&
		slices.Contains(meta.dpopAlgs, dpopAlg)
}

// currentKey is the container's key: the cached one, else the stored one; nil when there
// is none (the session is not bound, e.g. one made by @authgear/web or with dpop: false).
// A key that cannot be read means no key: the request goes unbound and the server decides.
func (c *Container) currentKey(ctx context.Context, fresh bool) *boundKey {
	d := &c.dpop
	d.mu.Lock()
	cached := d.key
	d.mu.Unlock()
	if cached != nil && (!fresh || cached.memoryOnly) {
		return cached
	}
	if d.keys == nil || !c.sharesKey() {
		return cached
	}
	k, err := d.keys.Load(ctx, c.session.key(keyDPoPKey))
	if err != nil || k == nil {
		return nil
	}
	bk, err := c.describeKey(ctx, k, false)
	if err != nil {
		return nil
	}
	d.mu.Lock()
	d.key = bk
	d.mu.Unlock()
	return bk
}

// ensureKey returns the container's key, made and saved at the first login (RFC 9449 §10:
// its thumbprint goes into the authorization request). A failure to make or save one
// leaves the login unbound rather than failing it.
func (c *Container) ensureKey(ctx context.Context) *boundKey {
	if bk := c.currentKey(ctx, true); bk != nil {
		return bk
	}
	k, err := c.dpop.keys.Generate(ctx)
	if err != nil {
		return nil
	}
	shared := c.sharesKey()
	if shared {
		if err := c.dpop.keys.Save(ctx, c.session.key(keyDPoPKey), k); err != nil {
			return nil
		}
	}
	bk, err := c.describeKey(ctx, k, !shared)
	if err != nil {
		return nil
	}
	c.dpop.mu.Lock()
	c.dpop.key = bk
	c.dpop.mu.Unlock()
	return bk
}

// sharesKey reports whether the key lives in the store, shared by the origin's tabs:
// persistent sessions. A transient session's key lives and dies with its tab.
func (c *Container) sharesKey() bool {
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	return c.session.cfg == nil || c.session.cfg.TokenStorage != TokenStorageTransient
}

// forgetKeyLocked drops the cached key and the nonces; when the session ended in this tab
// the stored key is deleted too, before the call that ended it returns (it runs with the
// other effects of the change). A key deleted by another tab is simply not cached.
func (c *Container) forgetKeyLocked(from origin) {
	d := &c.dpop
	d.mu.Lock()
	d.key, d.athFor, d.ath = nil, "", ""
	d.mu.Unlock()
	if from != thisTab || d.keys == nil || c.session.cfg == nil || c.session.cfg.TokenStorage == TokenStorageTransient {
		return
	}
	name := c.session.key(keyDPoPKey)
	c.tabs.enqueue(func() {
		c.tabs.withLedgerTimeout(func(ctx context.Context) { _ = d.keys.Delete(ctx, name) })
	})
}

// dropCachedKey forgets the cached key, so the next proof loads the stored one: another
// tab may have replaced it with a new login.
func (c *Container) dropCachedKey() {
	c.dpop.mu.Lock()
	if c.dpop.key != nil && !c.dpop.key.memoryOnly {
		c.dpop.key = nil
	}
	c.dpop.mu.Unlock()
}

// nonce is the last DPoP-Nonce an origin sent, "" when none.
func (d *dpopState) nonce(origin string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.nonces[origin]
}

// setNonce keeps the nonce an origin sent (RFC 9449 §8.2: any response may carry a new one).
func (d *dpopState) setNonce(origin, nonce string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.nonces == nil {
		d.nonces = map[string]string{}
	}
	d.nonces[origin] = nonce
}

// appendDPoPJKT adds dpop_jkt, the thumbprint of the container's key, made now if this is
// the first login (RFC 9449 §10): the provider binds the code to the key, so a code
// intercepted on its way back cannot be redeemed with another key.
func (c *Container) appendDPoPJKT(ctx context.Context, q [][2]string, cfg *config, meta *providerMetadata) [][2]string {
	if !c.dpopOn(cfg, meta) {
		return q
	}
	if bk := c.ensureKey(ctx); bk != nil {
		q = append(q, [2]string{"dpop_jkt", bk.thumbprint})
	}
	return q
}

// bindingKey is the key a sign-in call without a session proves, when p asks for one.
func (c *Container) bindingKey(ctx context.Context, p policy) *boundKey {
	if !p.bindKey {
		return nil
	}
	return c.ensureKey(ctx)
}
