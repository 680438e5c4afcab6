package sdk

import (
	"context"
	"errors"
	"sync"
	"time"
)

const (
	// keyRefreshLock names the Web Lock that makes refreshes exclusive across tabs.
	keyRefreshLock = "refreshLock"
	// keyLedger is the ledger entry holding the latest refresh token and its sequence.
	keyLedger = "refreshLedger"
	// adoptWindow: a ledger entry this recent means another tab has just refreshed and
	// its access token is on the way; older entries are from earlier page loads.
	adoptWindow = 10 * time.Second
	// adoptWait bounds the wait for that message; after it, the tab refreshes itself with
	// the ledger's refresh token, which is the latest, so waiting longer buys nothing.
	adoptWait = 3 * time.Second
	// ledgerTimeout bounds a ledger operation; IndexedDB answers in milliseconds.
	ledgerTimeout = 5 * time.Second
)

// errOffline is the cause of the NetworkError a refresh fails with while offline.
var errOffline = errors.New("the browser is offline")

// origin says where a session change comes from: this tab, which tells the other tabs,
// or another tab's message, which is applied and never echoed back.
type origin int

const (
	thisTab origin = iota
	otherTab
)

// tabSync is what the tabs of the origin tell each other: the sequence of refreshes this
// tab has seen, and the queue of effects (ledger writes, messages) session changes
// produce. The effects run outside the session's mutex, in the order they were queued.
type tabSync struct {
	ledger      Ledger      // nil without IndexedDB
	broadcaster Broadcaster // nil without BroadcastChannel

	mu         sync.Mutex    // guards seenSeq, seqChanged and started
	seenSeq    int64         // the newest ledger sequence this tab has applied
	seqChanged chan struct{} // closed and replaced when seenSeq grows
	started    time.Time     // the first configure: older ledger records are not news

	outboxMu sync.Mutex // guards outbox
	outbox   []func()
	flushMu  sync.Mutex // held while effects run, so they run one at a time, in order
}

// readLedger returns the latest refresh record, if the ledger has a valid one.
func (t *tabSync) readLedger(ctx context.Context, key string) (ledgerRecord, bool) {
	if t.ledger == nil {
		return ledgerRecord{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, ledgerTimeout)
	defer cancel()
	v, ok, err := t.ledger.Get(ctx, key)
	if err != nil || !ok {
		return ledgerRecord{}, false
	}
	return decodeLedgerRecord(v)
}

// sawSeq records that this tab has applied sequence seq and wakes the waiters; it
// reports whether seq was news.
func (t *tabSync) sawSeq(seq int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if seq <= t.seenSeq {
		return false
	}
	t.seenSeq = seq
	if t.seqChanged != nil {
		close(t.seqChanged)
	}
	t.seqChanged = make(chan struct{})
	return true
}

// markStart records the first configure's time.
func (t *tabSync) markStart(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.started.IsZero() {
		t.started = now
	}
}

// news reports whether rec is another tab's refresh this tab has not applied and whose
// hand-over may still be on its way: newer than anything applied, made after this tab
// configured (earlier messages were never meant for it) and within adoptWindow of now.
func (t *tabSync) news(rec ledgerRecord, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return rec.seq > t.seenSeq && rec.at.UnixMilli() >= t.started.UnixMilli() && now.Sub(rec.at) < adoptWindow
}

// seen is the newest sequence this tab has applied.
func (t *tabSync) seen() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.seenSeq
}

// nextSeq is a sequence newer than any this tab knows of: wall-clock milliseconds,
// kept strictly increasing, so tabs need not agree on a counter.
func (t *tabSync) nextSeq(now time.Time, after int64) int64 {
	seq := now.UnixMilli()
	if seen := t.seen(); after < seen {
		after = seen
	}
	if seq <= after {
		seq = after + 1
	}
	return seq
}

// waitForSeq waits until this tab has applied sequence seq (another tab's refresh).
func (t *tabSync) waitForSeq(ctx context.Context, seq int64, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		t.mu.Lock()
		if t.seenSeq >= seq {
			t.mu.Unlock()
			return true
		}
		if t.seqChanged == nil {
			t.seqChanged = make(chan struct{})
		}
		ch := t.seqChanged
		t.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// post queues m for the other tabs.
func (t *tabSync) post(m Message) {
	if t.broadcaster != nil {
		t.enqueue(func() { _ = t.broadcaster.Post(m) })
	}
}

// setLedger and deleteLedger queue a ledger write, bounded by ledgerTimeout.
func (t *tabSync) setLedger(key string, rec ledgerRecord) {
	if t.ledger != nil {
		t.enqueue(func() { t.withLedgerTimeout(func(ctx context.Context) { _ = t.ledger.Set(ctx, key, rec.encode()) }) })
	}
}

func (t *tabSync) deleteLedger(key string) {
	if t.ledger != nil {
		t.enqueue(func() { t.withLedgerTimeout(func(ctx context.Context) { _ = t.ledger.Delete(ctx, key) }) })
	}
}

func (t *tabSync) withLedgerTimeout(f func(ctx context.Context)) {
	ctx, cancel := context.WithTimeout(context.Background(), ledgerTimeout)
	defer cancel()
	f(ctx)
}

func (t *tabSync) enqueue(effect func()) {
	t.outboxMu.Lock()
	t.outbox = append(t.outbox, effect)
	t.outboxMu.Unlock()
}

// flush runs the queued effects. When it returns, every effect queued before the call
// has run, whichever goroutine ran it: a rotated refresh token is in the ledger before
// the refresh lock is released, and a sign-out is posted before logout() resolves.
func (t *tabSync) flush() {
	t.flushMu.Lock()
	defer t.flushMu.Unlock()
	for {
		t.outboxMu.Lock()
		if len(t.outbox) == 0 {
			t.outboxMu.Unlock()
			return
		}
		effect := t.outbox[0]
		t.outbox = t.outbox[1:]
		t.outboxMu.Unlock()
		effect()
	}
}

// forgetLocked ends the session: tokens removed, NO_SESSION with reason. A change made
// here is told to the other tabs; one that came from them is not echoed.
func (c *Container) forgetLocked(reason Reason, from origin) error {
	err := c.session.forgetTokensLocked()
	c.forgetKeyLocked(from)
	c.session.setStateLocked(SessionStateNoSession, reason)
	if from == thisTab {
		if c.session.sharesTokensLocked() {
			c.tabs.deleteLedger(c.session.key(keyLedger))
		}
		c.tabs.post(Message{State: SessionStateNoSession, Reason: reason})
	}
	return err
}

// signInLocked starts a session made in this tab: AUTHENTICATED, and the other tabs
// follow it and get its access token.
func (c *Container) signInLocked() {
	c.session.setStateLocked(SessionStateAuthenticated, ReasonAuthenticated)
	c.recordTokensLocked(c.tabs.nextSeq(c.session.clock.Now(), 0), c.session.refreshTokenLocked(), nil)
	if !c.session.sharesTokensLocked() {
		c.tabs.post(Message{State: SessionStateAuthenticated, Reason: ReasonAuthenticated})
	}
}

// recordTokensLocked makes this tab's new tokens the latest for every tab: the ledger
// entry first (other tabs read it inside the refresh lock), then the message that carries
// the access token, which never goes to localStorage.
func (c *Container) recordTokensLocked(seq int64, refreshToken string, ancestors []string) {
	c.tabs.sawSeq(seq)
	if !c.session.sharesTokensLocked() {
		return
	}
	if refreshToken != "" {
		c.tabs.setLedger(c.session.key(keyLedger), ledgerRecord{seq: seq, at: c.session.clock.Now(), refreshToken: refreshToken, ancestors: ancestors})
	}
	snap := c.session.Snapshot()
	c.tabs.post(Message{Seq: seq, AccessToken: snap.AccessToken, ExpireAt: snap.ExpireAt, TokenType: snap.TokenType,
		State: SessionStateAuthenticated, Reason: ReasonAuthenticated})
}

// receive applies another tab's message: adopt its newer access token, or follow its
// sign-in or sign-out, telling this tab's delegate with the same reason.
func (c *Container) receive(m Message) {
	c.locked(func() {
		s := c.session
		if s.cfg == nil {
			return
		}
		snap := s.Snapshot()
		switch {
		case m.State == SessionStateNoSession:
			if snap.State != SessionStateNoSession || snap.AccessToken != "" {
				_ = c.forgetLocked(m.Reason, otherTab)
			}
		case m.State == SessionStateAuthenticated && s.sharesTokensLocked():
			if m.Seq <= c.tabs.seen() {
				return
			}
			s.gen++ // a refresh of ours still in flight carries an older token
			s.publishTokenLocked(m.AccessToken, m.ExpireAt, m.TokenType)
			c.dropCachedKey()        // a sign-in elsewhere may have made a new key
			s.restoreIDTokenLocked() // the other tab stored its ID token before telling
			c.tabs.sawSeq(m.Seq)     // after the token is published: a waiter wakes to use it
			if snap.State != SessionStateAuthenticated {
				s.setStateLocked(SessionStateAuthenticated, m.Reason)
			}
		case m.State == SessionStateAuthenticated && s.cfg.SessionType == SessionTypeCookie:
			if snap.State != SessionStateAuthenticated {
				s.setStateLocked(SessionStateAuthenticated, m.Reason)
			}
		}
	})
}
