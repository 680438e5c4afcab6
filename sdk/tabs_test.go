package sdk_test

import (
	"context"
	"sync"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// memLedger is a Ledger whose writes every tab sees at once, like IndexedDB.
type memLedger struct{ sdk.MemoryStorage }

func newMemLedger() *memLedger { return &memLedger{MemoryStorage: *sdk.NewMemoryStorage()} }

func (l *memLedger) Get(_ context.Context, k string) (string, bool, error) {
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

// hub is a BroadcastChannel between the tabs of a test: delivered to every other tab.
type hub struct {
	mu   sync.Mutex
	subs []*hubPort
}

type hubPort struct {
	h       *hub
	handler func(sdk.Message)
}

func (h *hub) port() *hubPort {
	p := &hubPort{h: h}
	h.mu.Lock()
	h.subs = append(h.subs, p)
	h.mu.Unlock()
	return p
}

func (p *hubPort) Subscribe(handler func(sdk.Message)) { p.handler = handler }

func (p *hubPort) Post(m sdk.Message) error {
	p.h.mu.Lock()
	subs := append([]*hubPort(nil), p.h.subs...)
	p.h.mu.Unlock()
	for _, s := range subs {
		if s != p && s.handler != nil {
			s.handler(m) // synchronous: the browser delivers before the lock is granted again
		}
	}
	return nil
}

type offline struct{ off bool }

func (o *offline) Online() bool { return !o.off }

// tabsEnv is one env (tab 0) plus more containers sharing its storage, ledger, lock and
// channel: tabs of one browser.
func tabsEnv(t *testing.T, n int) (*env, []*sdk.Container, *eventLog) {
	t.Helper()
	ledger, locker, h := newMemLedger(), &mutexLocker{}, &hub{}
	e := newEnv(t, sdk.Options{}, sdk.WithLedger(ledger), sdk.WithLocker(locker), sdk.WithBroadcaster(h.port()))
	tabs := []*sdk.Container{e.c}
	others := &eventLog{}
	for i := 1; i < n; i++ {
		c := sdk.NewContainer("", sdk.WithStorage(e.storage), sdk.WithClock(e.clock), sdk.WithURLParser(netURLParser{}),
			sdk.WithTransport(e.tr), sdk.WithCrypto(stdCrypto{}), sdk.WithNavigator(&fakeNavigator{}),
			sdk.WithListener(others.listener), sdk.WithLedger(ledger), sdk.WithLocker(locker), sdk.WithBroadcaster(h.port()))
		if err := c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
			t.Fatal(err)
		}
		tabs = append(tabs, c)
	}
	return e, tabs, others
}

func TestTabs_ConcurrentRefreshWithRotationSendsOneGrant(t *testing.T) {
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
	e, tabs, others := tabsEnv(t, 2)
	e.login()
	if s := tabs[1].Snapshot(); s.State != sdk.SessionStateAuthenticated || s.AccessToken == "" {
		t.Fatalf("after a sign-in in tab 0, tab 1 is %s (token handed over: %v)", s.State, s.AccessToken != "")
	}
	if err := tabs[0].Logout(context.Background(), sdk.LogoutOptions{}); err != nil {
		t.Fatal(err)
	}
	if s := tabs[1].Snapshot(); s.State != sdk.SessionStateNoSession || s.AccessToken != "" || others.last().Reason != sdk.ReasonLogout {
		t.Fatalf("after logout in tab 0, tab 1 is %s with reason %s", s.State, others.last().Reason)
	}
}

func TestTabs_ALaggingTabSpendsTheLedgersRefreshToken(t *testing.T) {
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
	lagging := sdk.NewMemoryStorage()
	_ = lagging.Set("authgear_default_refreshToken", old)
	c := sdk.NewContainer("", sdk.WithStorage(lagging), sdk.WithClock(e.clock), sdk.WithURLParser(netURLParser{}),
		sdk.WithTransport(e.tr), sdk.WithCrypto(stdCrypto{}), sdk.WithNavigator(&fakeNavigator{}), sdk.WithLedger(ledger))
	if err := c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
		t.Fatal(err)
	}
	if err := c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c.Snapshot().State != sdk.SessionStateAuthenticated || e.count("reuse_detected") != 0 {
		t.Fatalf("the lagging tab spent the old token: state %s, reuse %d", c.Snapshot().State, e.count("reuse_detected"))
	}
}

func TestTabs_OfflineRefreshFailsAtOnceAndKeepsTheSession(t *testing.T) {
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
