package sdk

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultContainerName is the name of the container behind `window.authgear`.
const DefaultContainerName = "default"

// Clock is injected so expiry logic is tested without waiting and tests run in parallel.
type Clock interface {
	Now() time.Time
}

// errNoURLParser is a wiring mistake: the core has no URL parser of its own.
var errNoURLParser = errors.New("wasmgear: no URL parser configured (sdk.WithURLParser)")

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Snapshot is the container's observable state, published atomically so that the JS
// property getters never wait on a lock held across a network call.
type Snapshot struct {
	State        SessionState
	AccessToken  string
	ExpireAt     time.Time
	ClientID     string
	SessionType  SessionType
	IsSSOEnabled bool
}

// Container is one named session: Authgear's WebContainer without the JavaScript.
type Container struct {
	name      string
	storage   Storage
	transient *MemoryStorage
	clock     Clock
	listener  Listener
	urls      URLParser
	transport Transport
	crypto    Crypto
	nav       Navigator

	mu  sync.Mutex // guards cfg, gen, refreshing, discovery and the order of state changes
	cfg *config
	// gen counts session changes (sign-in, forget, reconfigure). A network call remembers
	// gen when it starts and applies its result only if gen is unchanged, so a refresh that
	// lands after a logout or clear cannot bring the session back.
	gen        uint64
	refreshing *flight       // the refresh in progress, shared by callers
	seenSeq    int64         // the newest ledger sequence this tab has applied
	seqChanged chan struct{} // closed and replaced when seenSeq grows
	remote     bool          // applying another tab's message: do not echo it

	locker       Locker
	ledger       Ledger
	broadcaster  Broadcaster
	connectivity Connectivity
	discovery    map[string]*providerMetadata // by endpoint; successful fetches only
	snapshot     atomic.Pointer[Snapshot]
}

// Option configures a Container at construction.
type Option func(*Container)

// WithStorage sets the persistent store (localStorage in the browser).
func WithStorage(s Storage) Option { return func(c *Container) { c.storage = s } }

// WithClock replaces the system clock.
func WithClock(clock Clock) Option { return func(c *Container) { c.clock = clock } }

// WithURLParser sets the URL parser; the browser's own in production.
func WithURLParser(p URLParser) Option { return func(c *Container) { c.urls = p } }

// WithTransport sets the HTTP client (fetch in the browser).
func WithTransport(t Transport) Option { return func(c *Container) { c.transport = t } }

// WithCrypto sets the randomness and SHA-256 of PKCE (RFC 7636 §4); WebCrypto in the browser.
func WithCrypto(cr Crypto) Option { return func(c *Container) { c.crypto = cr } }

// WithNavigator sets the page's address bar (window.location and history in the browser).
func WithNavigator(n Navigator) Option { return func(c *Container) { c.nav = n } }

// WithListener sets the function told about every session state change.
func WithListener(l Listener) Option { return func(c *Container) { c.listener = l } }

// NewContainer returns a ready container named name ("" means "default"), in state
// UNKNOWN until Configure.
func NewContainer(name string, opts ...Option) *Container {
	if name == "" {
		name = DefaultContainerName
	}
	c := &Container{
		name:      name,
		storage:   NewMemoryStorage(),
		transient: NewMemoryStorage(),
		clock:     systemClock{},
	}
	for _, opt := range opts {
		opt(c)
	}
	c.snapshot.Store(&Snapshot{State: SessionStateUnknown})
	if c.broadcaster != nil {
		c.broadcaster.Subscribe(c.receive)
	}
	return c
}

// Name is the container's name, the middle of its storage keys.
func (c *Container) Name() string { return c.name }

// Snapshot returns the current observable state without blocking.
func (c *Container) Snapshot() Snapshot { return *c.snapshot.Load() }

// Configure validates options and derives the session state from storage alone. It makes
// no network request (reference page 002: "No network call will be triggered during
// configure"), so it is safe on every page load. Calling it again reconfigures.
func (c *Container) Configure(ctx context.Context, opts Options) error {
	if c.urls == nil {
		return errNoURLParser
	}
	cfg, err := opts.validate(c.urls)
	if err != nil {
		return err
	}
	// The latest refresh any tab made before this page loaded is not news: remember it,
	// so this tab does not wait for a hand-over that was never meant for it.
	rec, hasRec := c.readLedger(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if hasRec && rec.seq > c.seenSeq {
		c.seenSeq = rec.seq
	}
	prev := c.cfg
	c.cfg = cfg
	snap := c.Snapshot()
	snap.ClientID, snap.SessionType, snap.IsSSOEnabled = cfg.ClientID, cfg.SessionType, cfg.IsSSOEnabled
	if prev == nil || prev.Endpoint != cfg.Endpoint || prev.ClientID != cfg.ClientID {
		snap.AccessToken, snap.ExpireAt = "", time.Time{}
		c.gen++ // another provider or client: results in flight belong to the old one
	}
	c.snapshot.Store(&snap)
	if cfg.SessionType == SessionTypeCookie {
		// The session lives in an HttpOnly cookie the SDK cannot see: only a server call
		// can tell, so the state stays UNKNOWN until fetchUserInfo answers.
		return nil
	}
	_, found, err := c.store().Get(c.key(keyRefreshToken))
	if err != nil {
		return err
	}
	if found {
		c.setStateLocked(SessionStateAuthenticated, ReasonFoundToken)
	} else {
		c.setStateLocked(SessionStateNoSession, ReasonNoToken)
	}
	return nil
}

// ClearSessionState forgets the session on this device only: no request is sent, the
// server-side session stays (reference page 002, "clearSessionState").
func (c *Container) ClearSessionState(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg == nil {
		return ErrNotConfigured
	}
	return c.forgetLocked(ReasonClear)
}

// forgetLocked removes every stored token and moves to NO_SESSION with reason. The
// in-memory state is cleared even when storage fails, and the first failure is returned.
func (c *Container) forgetLocked(reason Reason) error {
	var firstErr error
	for _, k := range []string{keyRefreshToken, keyIDToken} {
		if err := c.store().Delete(c.key(k)); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	c.gen++
	c.publishTokenLocked("", time.Time{})
	c.setStateLocked(SessionStateNoSession, reason)
	if !c.remote {
		if c.ledger != nil && c.sharesTokensLocked() {
			ctx, cancel := context.WithTimeout(context.Background(), ledgerTimeout)
			if err := c.ledger.Delete(ctx, c.key(keyLedger)); err != nil && firstErr == nil {
				firstErr = err
			}
			cancel()
		}
		c.post(Message{State: SessionStateNoSession, Reason: reason})
	}
	return firstErr
}

// setStateLocked publishes a state and tells the listener; c.mu must be held so that
// listeners hear changes in the order they happened.
func (c *Container) setStateLocked(state SessionState, reason Reason) {
	snap := c.Snapshot()
	snap.State = state
	c.snapshot.Store(&snap)
	if c.listener != nil {
		c.listener(state, reason)
	}
	if state == SessionStateAuthenticated && reason == ReasonAuthenticated && !c.remote {
		// A sign-in here: the other tabs follow it and get its access token.
		rt, _, _ := c.store().Get(c.key(keyRefreshToken))
		c.recordTokensLocked(context.Background(), c.nextSeqLocked(0), rt)
		if !c.sharesTokensLocked() {
			c.post(Message{State: state, Reason: reason})
		}
	}
}

// publishTokenLocked makes an access token and its expiry observable; "" forgets it.
func (c *Container) publishTokenLocked(accessToken string, expireAt time.Time) {
	snap := c.Snapshot()
	snap.AccessToken, snap.ExpireAt = accessToken, expireAt
	c.snapshot.Store(&snap)
}

// locked runs f with c.mu held; the deferred unlock keeps the container usable even if
// a listener called from f panics.
func (c *Container) locked(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
}

// configured returns the configuration, or ErrNotConfigured.
func (c *Container) configured() (*config, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg == nil {
		return nil, ErrNotConfigured
	}
	return c.cfg, nil
}

// store is where tokens live for the configured TokenStorage.
func (c *Container) store() Storage {
	if c.cfg != nil && c.cfg.TokenStorage == TokenStorageTransient {
		return c.transient
	}
	return c.storage
}
