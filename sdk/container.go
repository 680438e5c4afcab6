package sdk

import (
	"context"
	"time"
)

// DefaultContainerName is the name of the container behind `window.authgear`.
const DefaultContainerName = "default"

// Clock is injected so expiry logic is tested without waiting and tests run in parallel.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Snapshot is the container's observable state, published atomically so that the JS
// property getters never wait on a lock held across a network call.
type Snapshot struct {
	State       SessionState
	AccessToken string
	// TokenType is the access token's token_type: "DPoP" when it is bound to the
	// container's key (RFC 9449 §5) and must be sent with a proof; else Bearer.
	TokenType    string
	ExpireAt     time.Time
	ClientID     string
	SessionType  SessionType
	IsSSOEnabled bool
	// IDToken is the raw ID token held (memory, restored from storage by Configure); the
	// two fields after it are read from its payload, unverified, when it is published.
	IDToken           string
	AuthTime          time.Time // auth_time; zero when absent or the token is malformed
	CanReauthenticate bool      // Authgear's can_reauthenticate claim; false when absent
}

// Container is one named session: Authgear's WebContainer without the JavaScript. Its
// concerns live apart: the session (configuration, tokens, state), the provider
// (discovery, token requests), the refresher (one refresh at a time, across tabs) and
// the tab sync (what the other tabs of the origin are told and tell).
type Container struct {
	urls      URLParser
	crypto    Crypto
	nav       Navigator
	session   *session
	provider  *provider
	refresher *refresher
	tabs      *tabSync
	finishes  finishMemo // the last callback handled, for a repeated finishAuthentication
	withheld  withheldOrigins
	dpop      dpopState   // the DPoP key and nonces (RFC 9449)
	page      pageOrigin  // the page's origin, read once
	header    headerCache // the published token's Authorization value, made once per token
}

// Option configures a Container at construction: the optional browser facilities and
// test doubles.
type Option func(*settings)

// settings collects the options before the parts are built.
type settings struct {
	clock        Clock
	listener     Listener
	locker       Locker
	ledger       Ledger
	broadcaster  Broadcaster
	connectivity Connectivity
	warner       Warner
	dpopKeys     DPoPKeys
}

// WithClock replaces the system clock.
func WithClock(clock Clock) Option { return func(s *settings) { s.clock = clock } }

// WithListener sets the function told about every session state change.
func WithListener(l Listener) Option { return func(s *settings) { s.listener = l } }

// NewContainer returns a ready container named name ("" means "default"), in state
// UNKNOWN until Configure. It fails only when b lacks an adapter.
func NewContainer(name string, b Browser, opts ...Option) (*Container, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	if name == "" {
		name = DefaultContainerName
	}
	s := settings{clock: systemClock{}}
	for _, opt := range opts {
		opt(&s)
	}
	c := &Container{
		urls:      b.URLs,
		crypto:    b.Crypto,
		nav:       b.Navigator,
		session:   newSession(name, b.Storage, s.clock, s.listener),
		provider:  &provider{transport: b.Transport, urls: b.URLs, clock: s.clock, hint: corsHint{urls: b.URLs, nav: b.Navigator}},
		refresher: &refresher{locker: s.locker, connectivity: s.connectivity},
		tabs:      &tabSync{ledger: s.ledger, broadcaster: s.broadcaster},
		withheld:  withheldOrigins{warn: s.warner},
		dpop:      dpopState{keys: s.dpopKeys},
	}
	c.provider.verifier, c.provider.keys = b.Verifier, &keyCache{}
	if s.broadcaster != nil {
		s.broadcaster.Subscribe(func(m Message) { c.receive(m) })
	}
	return c, nil
}

// Name is the container's name, the middle of its storage keys.
func (c *Container) Name() string { return c.session.name }

// Snapshot returns the current observable state without blocking.
func (c *Container) Snapshot() Snapshot { return c.session.Snapshot() }

// Configure validates options and derives the session state from storage alone. It makes
// no network request (reference page 002: "No network call will be triggered during
// configure"), so it is safe on every page load. Calling it again reconfigures.
func (c *Container) Configure(ctx context.Context, opts Options) error {
	cfg, err := opts.validate(c.urls)
	if err != nil {
		return err
	}
	// A refresh any tab made before this page configured is not news: this tab must not
	// wait for a hand-over that was never meant for it. Remembering when that was is
	// enough (tabs share the clock); the ledger itself is opened at the first refresh,
	// so configure never waits for IndexedDB.
	c.tabs.markStart(c.session.clock.Now())
	c.provider.timeout.Store(int64(cfg.Timeout))
	var result error
	c.locked(func() { result = c.session.configureLocked(cfg) })
	return result
}

// ClearSessionState forgets the session on this device only: no request is sent, the
// server-side session stays (reference page 002, "clearSessionState").
func (c *Container) ClearSessionState(ctx context.Context) error {
	var err error
	c.locked(func() {
		if c.session.cfg == nil {
			err = ErrNotConfigured
			return
		}
		err = c.forgetLocked(ReasonClear, thisTab)
	})
	return err
}

// locked runs f with the session's mutex held, then carries out the cross-tab effects f
// queued (ledger writes, messages) in order, outside the mutex: IndexedDB and the
// network never run under it. The deferred unlock keeps the container usable even if a
// listener called from f panics.
func (c *Container) locked(f func()) {
	func() {
		c.session.mu.Lock()
		defer c.session.mu.Unlock()
		f()
	}()
	c.tabs.flush()
}

// configured returns the configuration, or ErrNotConfigured.
func (c *Container) configured() (*config, error) {
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	if c.session.cfg == nil {
		return nil, ErrNotConfigured
	}
	return c.session.cfg, nil
}
