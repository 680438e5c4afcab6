package sdk_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/sdk"
)

// memLedger is a Ledger whose writes every tab sees at once, like IndexedDB.
type memLedger struct {
	sdk.MemoryStorage
	gets  atomic.Int32
	onGet atomic.Pointer[func()] // runs inside the next Get, then is cleared
}

func newMemLedger() *memLedger { return &memLedger{MemoryStorage: *sdk.NewMemoryStorage()} }

func (l *memLedger) Get(_ context.Context, k string) (string, bool, error) {
	l.gets.Add(1)
	if hook := l.onGet.Swap(nil); hook != nil {
		(*hook)()
	}
	return l.MemoryStorage.Get(k)
}
func (l *memLedger) Set(_ context.Context, k, v string) error { return l.MemoryStorage.Set(k, v) }
func (l *memLedger) Delete(_ context.Context, k string) error { return l.MemoryStorage.Delete(k) }

// mutexLocker is a Locker shared by the tabs of a test, like Web Locks.
type mutexLocker struct{ mu sync.Mutex }

func (l *mutexLocker) WithLock(ctx context.Context, _ string, fn func(context.Context) error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fn(ctx)
}

// hub is a BroadcastChannel between the tabs of a test: every other tab receives each
// message later, on its own goroutine, in the order posted — as a browser delivers
// them, after the sender has moved on (and possibly released the refresh lock).
type hub struct {
	mu   sync.Mutex
	subs []*hubPort
}

type hubPort struct {
	h     *hub
	inbox chan sdk.Message
	hold  sync.Mutex // held by a test to keep messages from being delivered
}

func newHub(t *testing.T) *hub {
	h := &hub{}
	t.Cleanup(func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		for _, p := range h.subs {
			close(p.inbox)
		}
	})
	return h
}

func (h *hub) port() *hubPort {
	p := &hubPort{h: h, inbox: make(chan sdk.Message, 1024)}
	h.mu.Lock()
	h.subs = append(h.subs, p)
	h.mu.Unlock()
	return p
}

func (p *hubPort) Subscribe(handler func(sdk.Message)) {
	go func() {
		for m := range p.inbox {
			p.hold.Lock()
			handler(m)
			p.hold.Unlock()
		}
	}()
}

func (p *hubPort) Post(m sdk.Message) error {
	p.h.mu.Lock()
	defer p.h.mu.Unlock()
	for _, s := range p.h.subs {
		if s != p {
			s.inbox <- m
		}
	}
	return nil
}

// eventually polls cond until it holds, failing the test after the suite's usual wait.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

type offline struct{ off bool }

func (o *offline) Online() bool { return !o.off }

// laggingTab is another tab of e's browser, configured, that shares ledger but whose
// localStorage still shows refreshToken (the lag after another tab's rotation).
func (e *env) laggingTab(ledger sdk.Ledger, refreshToken string) *sdk.Container {
	e.t.Helper()
	lagging := sdk.NewMemoryStorage()
	_ = lagging.Set(keyPrefix+"refreshToken", refreshToken)
	b := e.browser()
	b.Storage, b.Navigator = lagging, &fakeNavigator{}
	c := newContainer(e.t, "", b, sdk.WithClock(e.clock), sdk.WithLedger(ledger))
	if err := c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// expiredTabPair is tab 0 (an env) and tab 1 sharing one ledger, lock and channel, both
// signed in with an expired access token; tab 1's port can be held to delay the
// messages it receives.
func expiredTabPair(t *testing.T, rotate bool) (*env, *sdk.Container, *memLedger, *hubPort) {
	t.Helper()
	ledger, locker, h := newMemLedger(), &mutexLocker{}, newHub(t)
	port1 := h.port()
	e := newEnv(t, sdk.Options{}, sdk.WithLedger(ledger), sdk.WithLocker(locker), sdk.WithBroadcaster(h.port()))
	e.idp.SetRotateRefreshTokens(rotate)
	b := e.browser()
	b.Navigator = &fakeNavigator{}
	tab1 := newContainer(t, "", b, sdk.WithClock(e.clock), sdk.WithLedger(ledger), sdk.WithLocker(locker), sdk.WithBroadcaster(port1))
	if err := tab1.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
		t.Fatal(err)
	}
	e.login()
	eventually(t, "tab 1 to follow the sign-in", func() bool { return tab1.Snapshot().AccessToken == e.c.Snapshot().AccessToken })
	e.expire()
	return e, tab1, ledger, port1
}

// tabsEnv is one env (tab 0) plus more containers sharing its storage, ledger, lock and
// channel: tabs of one browser.
func tabsEnv(t *testing.T, n int) (*env, []*sdk.Container, *eventLog) {
	t.Helper()
	ledger, locker, h := newMemLedger(), &mutexLocker{}, newHub(t)
	e := newEnv(t, sdk.Options{}, sdk.WithLedger(ledger), sdk.WithLocker(locker), sdk.WithBroadcaster(h.port()))
	tabs := []*sdk.Container{e.c}
	others := &eventLog{}
	for i := 1; i < n; i++ {
		b := e.browser()
		b.Navigator = &fakeNavigator{}
		c := newContainer(t, "", b, sdk.WithClock(e.clock), sdk.WithListener(others.listener),
			sdk.WithLedger(ledger), sdk.WithLocker(locker), sdk.WithBroadcaster(h.port()))
		if err := c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
			t.Fatal(err)
		}
		tabs = append(tabs, c)
	}
	return e, tabs, others
}

func TestTabs_ConcurrentRefreshWithRotationSendsOneGrant(t *testing.T) {
	t.Parallel()
	e, tabs, _ := tabsEnv(t, 4)
	e.idp.SetRotateRefreshTokens(true)
	e.login()
	for round := 0; round < 3; round++ {
		e.expire()
		before := e.count("token:refresh_token")
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for _, c := range tabs {
			for i := 0; i < 10; i++ {
				wg.Add(1)
				go func(c *sdk.Container) {
					defer wg.Done()
					errs <- c.RefreshAccessTokenIfNeeded(context.Background())
				}(c)
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if n := e.count("token:refresh_token") - before; n != 1 {
			t.Fatalf("round %d: %d refresh grants, want 1", round, n)
		}
		token := tabs[0].Snapshot().AccessToken
		for i, c := range tabs {
			if s := c.Snapshot(); s.State != sdk.SessionStateAuthenticated || s.AccessToken != token {
				t.Fatalf("round %d: tab %d has state %s and another token", round, i, s.State)
			}
		}
	}
	if n := e.count("reuse_detected"); n != 0 {
		t.Fatalf("reuse detected %d times", n)
	}
}

func TestTabs_SessionChangesReachTheOtherTabs(t *testing.T) {
	t.Parallel()
	e, tabs, others := tabsEnv(t, 2)
	e.login()
	eventually(t, "tab 1 to follow the sign-in with the access token", func() bool {
		s := tabs[1].Snapshot()
		return s.State == sdk.SessionStateAuthenticated && s.AccessToken == tabs[0].Snapshot().AccessToken
	})
	if err := tabs[0].Logout(context.Background(), sdk.LogoutOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "tab 1 to follow the logout", func() bool {
		s := tabs[1].Snapshot()
		return s.State == sdk.SessionStateNoSession && s.AccessToken == "" && others.last().Reason == sdk.ReasonLogout
	})
}

func TestTabs_ALaggingTabSpendsTheLedgersRefreshToken(t *testing.T) {
	t.Parallel()
	// Tab 0 rotates the refresh token; tab 1, whose localStorage still shows the old one
	// (Chrome copies localStorage writes to other tabs late), must spend the ledger's.
	ledger := newMemLedger()
	e := newEnv(t, sdk.Options{}, sdk.WithLedger(ledger))
	e.idp.SetRotateRefreshTokens(true)
	e.login()
	old := e.stored("refreshToken")
	e.expire()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Another tab whose storage still shows the old token (localStorage lag).
	c := e.laggingTab(ledger, old)
	if err := c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c.Snapshot().State != sdk.SessionStateAuthenticated || e.count("reuse_detected") != 0 {
		t.Fatalf("the lagging tab spent the old token: state %s, reuse %d", c.Snapshot().State, e.count("reuse_detected"))
	}
}

func TestTabs_OfflineRefreshFailsAtOnceAndKeepsTheSession(t *testing.T) {
	t.Parallel()
	net := &offline{}
	e := newEnv(t, sdk.Options{}, sdk.WithConnectivity(net))
	e.login()
	e.expire()
	net.off = true
	before := e.count("token:refresh_token")
	err := e.c.RefreshAccessTokenIfNeeded(context.Background())
	if sdk.KindOf(err) != sdk.KindNetwork || e.count("token:refresh_token") != before || e.stored("refreshToken") == "" {
		t.Fatalf("offline: %v (requests %d)", err, e.count("token:refresh_token")-before)
	}
	net.off = false
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil || e.count("token:refresh_token") != before+1 {
		t.Fatalf("back online: %v", err)
	}
}

func TestTabs_AWaitingTabTakesTheHandOverInsteadOfRefreshing(t *testing.T) {
	t.Parallel()
	e, tab1, ledger, port1 := expiredTabPair(t, true)

	// Tab 0 refreshes; its hand-over message is held back from tab 1.
	port1.hold.Lock()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, reads := e.count("token:refresh_token"), ledger.gets.Load()
	done := make(chan error, 1)
	go func() { done <- tab1.RefreshAccessTokenIfNeeded(context.Background()) }()
	// Tab 1 has read the ledger, found a refresh newer than its own, and waits.
	eventually(t, "tab 1 to read the ledger", func() bool { return ledger.gets.Load() > reads })
	port1.hold.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := e.count("token:refresh_token") - before; n != 0 || tab1.Snapshot().AccessToken != e.c.Snapshot().AccessToken {
		t.Fatalf("tab 1 sent %d refresh grants (want 0) and has tab 0's token: %v", n, tab1.Snapshot().AccessToken == e.c.Snapshot().AccessToken)
	}
	if e.count("reuse_detected") != 0 {
		t.Fatal("a spent refresh token was sent")
	}
}

func TestTabs_AHandOverThatArrivesWhileReadingTheLedgerIsTaken(t *testing.T) {
	t.Parallel()
	e, tab1, ledger, port1 := expiredTabPair(t, false)
	port1.hold.Lock()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Tab 1 takes the lock before tab 0's message, which lands while tab 1 reads the ledger.
	hook := func() {
		port1.hold.Unlock()
		eventually(t, "the hand-over to apply", func() bool { return tab1.Snapshot().AccessToken == e.c.Snapshot().AccessToken })
	}
	ledger.onGet.Store(&hook)
	before := e.count("token:refresh_token")
	if err := tab1.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := e.count("token:refresh_token") - before; n != 0 {
		t.Fatalf("tab 1 sent %d refresh grants after it had taken tab 0's token, want 0", n)
	}
}
