package sdk

import (
	"context"
	"errors"
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

// sharesTokensLocked reports whether tokens are shared with other tabs: persistent token
// storage in refresh-token mode. Transient sessions belong to one tab.
func (c *Container) sharesTokensLocked() bool {
	return c.cfg != nil && c.cfg.SessionType == SessionTypeRefreshToken && c.cfg.TokenStorage == TokenStoragePersistent
}

// readLedger returns the latest refresh record, if the ledger has a valid one.
func (c *Container) readLedger(ctx context.Context) (ledgerRecord, bool) {
	if c.ledger == nil {
		return ledgerRecord{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, ledgerTimeout)
	defer cancel()
	v, ok, err := c.ledger.Get(ctx, c.key(keyLedger))
	if err != nil || !ok {
		return ledgerRecord{}, false
	}
	return decodeLedgerRecord(v)
}

// nextSeqLocked is a sequence newer than any this tab knows of: wall-clock milliseconds,
// kept strictly increasing, so tabs need not agree on a counter.
func (c *Container) nextSeqLocked(after int64) int64 {
	seq := c.clock.Now().UnixMilli()
	if after < c.seenSeq {
		after = c.seenSeq
	}
	if seq <= after {
		seq = after + 1
	}
	return seq
}

// recordTokensLocked makes this tab's new tokens the latest for every tab: the ledger
// entry first (other tabs read it inside the refresh lock), then the message that carries
// the access token, which never goes to localStorage.
func (c *Container) recordTokensLocked(ctx context.Context, seq int64, refreshToken string) {
	c.seenSeq = seq
	c.signalSeqLocked()
	if !c.sharesTokensLocked() {
		return
	}
	if c.ledger != nil && refreshToken != "" {
		lctx, cancel := context.WithTimeout(ctx, ledgerTimeout)
		_ = c.ledger.Set(lctx, c.key(keyLedger), ledgerRecord{seq: seq, at: c.clock.Now(), refreshToken: refreshToken}.encode())
		cancel()
	}
	snap := c.Snapshot()
	c.post(Message{Seq: seq, AccessToken: snap.AccessToken, ExpireAt: snap.ExpireAt, State: SessionStateAuthenticated, Reason: ReasonAuthenticated})
}

// post sends m to the other tabs, unless this change came from them.
func (c *Container) post(m Message) {
	if c.broadcaster != nil && !c.remote {
		_ = c.broadcaster.Post(m)
	}
}

// signalSeqLocked wakes the goroutines waiting for a newer sequence.
func (c *Container) signalSeqLocked() {
	if c.seqChanged != nil {
		close(c.seqChanged)
	}
	c.seqChanged = make(chan struct{})
}

// waitForSeq waits until this tab has applied sequence seq (another tab's refresh).
func (c *Container) waitForSeq(ctx context.Context, seq int64, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		c.mu.Lock()
		if c.seenSeq >= seq {
			c.mu.Unlock()
			return true
		}
		if c.seqChanged == nil {
			c.seqChanged = make(chan struct{})
		}
		ch := c.seqChanged
		c.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// receive applies another tab's message: adopt its newer access token, or follow its
// sign-in or sign-out, telling this tab's delegate with the same reason.
func (c *Container) receive(m Message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg == nil {
		return
	}
	c.remote = true
	defer func() { c.remote = false }()
	switch {
	case m.State == SessionStateNoSession:
		if c.Snapshot().State != SessionStateNoSession || c.Snapshot().AccessToken != "" {
			_ = c.forgetLocked(m.Reason)
		}
	case m.State == SessionStateAuthenticated && c.sharesTokensLocked():
		if m.Seq <= c.seenSeq {
			return
		}
		c.gen++ // a refresh of ours still in flight carries an older token
		c.seenSeq = m.Seq
		c.publishTokenLocked(m.AccessToken, m.ExpireAt)
		c.signalSeqLocked()
		if c.Snapshot().State != SessionStateAuthenticated {
			c.setStateLocked(SessionStateAuthenticated, m.Reason)
		}
	case m.State == SessionStateAuthenticated && c.cfg.SessionType == SessionTypeCookie:
		if c.Snapshot().State != SessionStateAuthenticated {
			c.setStateLocked(SessionStateAuthenticated, m.Reason)
		}
	}
}
