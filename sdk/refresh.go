package sdk

import (
	"context"
	"errors"
)

// flight is one refresh in progress. Callers that find it wait on done instead of
// sending their own request; err is written once, before done is closed.
type flight struct {
	done chan struct{}
	err  error
}

// RefreshAccessTokenIfNeeded refreshes the access token (RFC 6749 §6) when there is a
// refresh token and the access token is missing or past expireAt. Concurrent calls share
// one request. invalid_grant ends the session (NO_SESSION, INVALID) and resolves; other
// failures reject and keep the session and the refresh token. Cookie mode has no tokens:
// nothing to do.
func (c *Container) RefreshAccessTokenIfNeeded(ctx context.Context) error {
	return c.refresh(ctx, false)
}

// refresh joins or starts the single refresh flight; force skips the expiry check (the
// app server has just rejected the token), but a refresh token is still required.
func (c *Container) refresh(ctx context.Context, force bool) error {
	c.mu.Lock()
	if c.cfg == nil {
		c.mu.Unlock()
		return ErrNotConfigured
	}
	if c.cfg.SessionType == SessionTypeCookie || !c.refreshDueLocked(force) {
		c.mu.Unlock()
		return nil
	}
	f := c.refreshing
	if f == nil {
		f = &flight{done: make(chan struct{})}
		c.refreshing = f
		// The request outlives a caller that gives up: the others still wait for it.
		go c.runFlight(context.WithoutCancel(ctx), f)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return errors.Join(ErrCanceled, ctx.Err())
	}
}

// runFlight runs the refresh and releases its waiters.
func (c *Container) runFlight(ctx context.Context, f *flight) {
	defer close(f.done)
	defer func() {
		if r := recover(); r != nil { // a panic fails the call, never the page
			f.err = ErrInternal
		}
		c.mu.Lock()
		if c.refreshing == f {
			c.refreshing = nil
		}
		c.mu.Unlock()
	}()
	f.err = c.refreshExclusive(ctx)
}

// refreshExclusive runs refreshStored under the cross-tab lock, when the browser has one.
// Offline, it fails at once and keeps the session: the next call after the browser is
// back online refreshes.
func (c *Container) refreshExclusive(ctx context.Context) error {
	if c.connectivity != nil && !c.connectivity.Online() {
		return &NetworkError{Err: errOffline}
	}
	c.mu.Lock()
	startToken, shared := c.Snapshot().AccessToken, c.sharesTokensLocked()
	c.mu.Unlock()
	if c.locker == nil || !shared {
		return c.refreshStored(ctx)
	}
	return c.locker.WithLock(ctx, c.key(keyRefreshLock), func(ctx context.Context) error {
		// Another tab may have refreshed while this one waited and sent its token here.
		c.mu.Lock()
		snap := c.Snapshot()
		adopted := snap.AccessToken != "" && snap.AccessToken != startToken && c.clock.Now().Before(snap.ExpireAt)
		c.mu.Unlock()
		if adopted {
			return nil
		}
		return c.refreshStored(ctx)
	})
}

// refreshDueLocked reports whether a refresh would do anything: a refresh token is
// stored and the access token is missing or at its expireAt margin (or force).
func (c *Container) refreshDueLocked(force bool) bool {
	if rt, ok, err := c.store().Get(c.key(keyRefreshToken)); err != nil || !ok || rt == "" {
		return false
	}
	if force {
		return true
	}
	snap := c.Snapshot()
	return snap.AccessToken == "" || !c.clock.Now().Before(snap.ExpireAt)
}

// refreshStored is the refresh as one unit: read the refresh token stored now, send the
// refresh_token grant, apply the result. It is the function a cross-tab lock wraps: taken
// inside the lock, the stored token is the latest one and the rotated token is stored
// before the lock is released.
func (c *Container) refreshStored(ctx context.Context) error {
	c.mu.Lock()
	cfg, gen, seen, shared := c.cfg, c.gen, c.seenSeq, c.sharesTokensLocked()
	refreshToken, ok, err := c.store().Get(c.key(keyRefreshToken))
	c.mu.Unlock()
	if cfg == nil {
		return ErrNotConfigured
	}
	if err != nil || !ok || refreshToken == "" {
		return err // signed out meanwhile: nothing to refresh
	}
	var latest ledgerRecord
	if shared {
		if rec, ok := c.readLedger(ctx); ok {
			latest = rec
			refreshToken = rec.refreshToken // the ledger is current; localStorage may lag
			if rec.seq > seen && c.clock.Now().Sub(rec.at) < adoptWindow && c.waitForSeq(ctx, rec.seq, adoptWait) {
				return nil // another tab refreshed moments ago and handed us its token
			}
			c.mu.Lock()
			gen = c.gen
			c.mu.Unlock()
		}
	}
	meta, err := c.discover(ctx, cfg)
	if err != nil {
		return err
	}
	endpoint, err := need(meta.tokenEndpoint, "token_endpoint")
	if err != nil {
		return err
	}
	send := func(token string) (*tokenResponse, error) {
		return c.tokenRequest(ctx, endpoint, [2]string{"grant_type", "refresh_token"},
			[2]string{"refresh_token", token}, [2]string{"client_id", cfg.ClientID})
	}
	tok, err := send(refreshToken)
	if isInvalidGrant(err) && shared {
		// Another tab may have rotated the token after this one read it (only possible
		// without Web Locks): retry once with the stored one before declaring it dead.
		if current := c.currentRefreshToken(ctx); current != "" && current != refreshToken {
			refreshToken = current
			tok, err = send(current)
		}
	}
	return c.applyRefresh(ctx, gen, latest.seq, refreshToken, tok, err)
}

// currentRefreshToken is the latest refresh token: the ledger's, else storage's.
func (c *Container) currentRefreshToken(ctx context.Context) string {
	if rec, ok := c.readLedger(ctx); ok {
		return rec.refreshToken
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	rt, _, _ := c.store().Get(c.key(keyRefreshToken))
	return rt
}

func isInvalidGrant(err error) bool {
	var oauthErr *OAuthError
	return errors.As(err, &oauthErr) && oauthErr.Code == "invalid_grant"
}

// applyRefresh applies a refresh outcome, unless the session changed since the request
// started (gen): a late answer never revives a session that was cleared or replaced. On
// success the new tokens become the latest for every tab (recordTokensLocked) before the
// cross-tab lock is released.
func (c *Container) applyRefresh(ctx context.Context, gen uint64, ledgerSeq int64, sent string, tok *tokenResponse, err error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil
	}
	switch {
	case isInvalidGrant(err):
		// RFC 6749 §5.2: the refresh token is invalid, expired or revoked: the session is over.
		return c.forgetLocked(ReasonInvalid)
	case err != nil:
		return err
	}
	if err := c.storeTokensLocked(tok, false); err != nil {
		return err
	}
	c.publishTokenLocked(tok.accessToken, tok.expireAt())
	latest := sent
	if tok.refreshToken != "" {
		latest = tok.refreshToken
	} else if stored, _, _ := c.store().Get(c.key(keyRefreshToken)); stored != sent {
		// This tab's localStorage lagged behind the ledger: bring it up to date.
		_ = c.store().Set(c.key(keyRefreshToken), sent)
	}
	c.recordTokensLocked(ctx, c.nextSeqLocked(ledgerSeq), latest)
	return nil
}
