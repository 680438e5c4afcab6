package sdk

import (
	"context"
	"errors"
	"sync"
)

// refresher runs one refresh at a time: one flight per container, shared by every
// caller, and one per origin under the cross-tab lock when the browser has Web Locks.
type refresher struct {
	locker       Locker       // nil without Web Locks
	connectivity Connectivity // nil: assume online

	mu     sync.Mutex // guards flight
	flight *flight    // the refresh in progress, shared by callers

	rejected rejectedRefresh // a refresh token backing off after repeated rejections
}

// flight is one refresh in progress. Callers that find it wait on done instead of
// sending their own request; err is written once, before done is closed.
type flight struct {
	done chan struct{}
	err  error
}

// join returns the refresh in progress, or a new one the caller must start.
func (r *refresher) join() (f *flight, start bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.flight != nil {
		return r.flight, false
	}
	r.flight = &flight{done: make(chan struct{})}
	return r.flight, true
}

// land ends flight f; the next caller starts a new one.
func (r *refresher) land(f *flight) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.flight == f {
		r.flight = nil
	}
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
	due, err := c.refreshDue(force)
	if err != nil || !due {
		return err
	}
	f, start := c.refresher.join()
	if start {
		// The request outlives a caller that gives up: the others still wait for it.
		go c.runFlight(context.WithoutCancel(ctx), f)
	}
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return errors.Join(ErrCanceled, ctx.Err())
	}
}

// refreshDue reports whether a refresh would do anything: token mode, a refresh token is
// stored and the access token is missing or at its expireAt margin (or force).
func (c *Container) refreshDue(force bool) (bool, error) {
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	return c.refreshDueLocked(force)
}

func (c *Container) refreshDueLocked(force bool) (bool, error) {
	s := c.session
	if s.cfg == nil {
		return false, ErrNotConfigured
	}
	if s.cfg.SessionType == SessionTypeCookie {
		return false, nil
	}
	// A valid token answers before storage is read: this is every call's path, and a
	// storage read is a round trip to the browser.
	if snap := s.Snapshot(); !force && snap.AccessToken != "" && s.clock.Now().Before(snap.ExpireAt) {
		return false, nil
	}
	return s.refreshTokenLocked() != "", nil
}

// runFlight runs the refresh and releases its waiters.
func (c *Container) runFlight(ctx context.Context, f *flight) {
	defer close(f.done)
	defer func() {
		if r := recover(); r != nil { // a panic fails the call, never the page
			f.err = ErrInternal
		}
		c.refresher.land(f)
	}()
	f.err = c.refreshExclusive(ctx)
}

// refreshExclusive runs refreshStored under the cross-tab lock, when the browser has one.
// Offline, it fails at once and keeps the session: the next call after the browser is
// back online refreshes.
func (c *Container) refreshExclusive(ctx context.Context) error {
	if cn := c.refresher.connectivity; cn != nil && !cn.Online() {
		return &NetworkError{Err: errOffline}
	}
	s := c.session
	s.mu.Lock()
	startToken, shared := s.Snapshot().AccessToken, s.sharesTokensLocked()
	s.mu.Unlock()
	if c.refresher.locker == nil || !shared {
		return c.refreshStored(ctx, startToken)
	}
	return c.refresher.locker.WithLock(ctx, s.key(keyRefreshLock), func(ctx context.Context) error {
		if c.adopted(startToken) {
			return nil
		}
		return c.refreshStored(ctx, startToken)
	})
}

// adopted reports whether another tab's fresh token replaced startToken, the one this
// refresh set out to replace: then there is nothing left to do.
func (c *Container) adopted(startToken string) bool {
	snap := c.session.Snapshot()
	return snap.AccessToken != "" && snap.AccessToken != startToken && c.session.clock.Now().Before(snap.ExpireAt)
}

// refreshStored is the refresh as one unit: read the refresh token stored now, send the
// refresh_token grant, apply the result. It is the function a cross-tab lock wraps: taken
// inside the lock, the stored token is the latest one and the rotated token is stored
// before the lock is released. startToken is the access token the refresh set out to
// replace.
func (c *Container) refreshStored(ctx context.Context, startToken string) error {
	s := c.session
	s.mu.Lock()
	cfg, gen, shared, refreshToken := s.cfg, s.gen, s.sharesTokensLocked(), s.refreshTokenLocked()
	s.mu.Unlock()
	if cfg == nil || refreshToken == "" {
		return nil // signed out meanwhile: nothing to refresh
	}
	var latest ledgerRecord
	if shared {
		if rec, ok := c.tabs.readLedger(ctx, s.key(keyLedger)); ok && rec.continues(refreshToken) {
			latest = rec
			refreshToken = rec.refreshToken // the ledger is current; localStorage may lag
			if c.tabs.news(rec, s.clock.Now()) && c.tabs.waitForSeq(ctx, rec.seq, adoptWait) {
				return nil // another tab refreshed moments ago and handed us its token
			}
			if c.adopted(startToken) {
				return nil // its token arrived while this tab read the ledger
			}
			s.mu.Lock()
			gen = s.gen
			s.mu.Unlock()
		}
	}
	if err := c.refresher.rejected.blocked(refreshToken, s.clock.Now()); err != nil {
		return err
	}
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return err
	}
	endpoint, err := need(meta.tokenEndpoint, "token_endpoint")
	if err != nil {
		return err
	}
	c.provider.keys.prefetch(ctx, c.provider, meta.jwksURI)
	pop := c.tokenProver(ctx, cfg, meta)
	send := func(token string) (*tokenResponse, error) {
		tok, err := c.provider.tokenRequest(ctx, endpoint, pop, [2]string{"grant_type", "refresh_token"},
			[2]string{"refresh_token", token}, [2]string{"client_id", cfg.ClientID})
		c.refresher.rejected.record(token, err, s.clock.Now())
		return tok, err
	}
	tok, err := send(refreshToken)
	if isInvalidGrant(err) && shared {
		// Another tab may have rotated the token after this one read it (only possible
		// without Web Locks): retry once with the stored one before declaring it dead.
		if current := c.currentRefreshToken(ctx, refreshToken); current != "" && current != refreshToken {
			refreshToken = current
			tok, err = send(current)
		}
	}
	if err == nil && tok.idToken != "" {
		if idErr := c.checkLaterIDToken(ctx, cfg, tok.idToken); idErr != nil {
			c.keepRotatedRefreshToken(gen, latest, refreshToken, tok)
			return idErr
		}
	}
	return c.applyRefresh(gen, latest, refreshToken, tok, err)
}

// currentRefreshToken is the latest refresh token: the ledger's when it continues the
// lineage of spent or of storage's, else storage's.
func (c *Container) currentRefreshToken(ctx context.Context, spent string) string {
	rec, ok := c.tabs.readLedger(ctx, c.session.key(keyLedger))
	c.session.mu.Lock()
	stored := c.session.refreshTokenLocked()
	c.session.mu.Unlock()
	if ok && (rec.continues(spent) || rec.continues(stored)) {
		return rec.refreshToken
	}
	return stored
}

func isInvalidGrant(err error) bool {
	oauthErr, ok := errors.AsType[*OAuthError](err)
	return ok && oauthErr.Code == "invalid_grant"
}

// applyRefresh applies a refresh outcome, unless the session changed since the request
// started (gen): a late answer never revives a session that was cleared or replaced. On
// success the new tokens become the latest for every tab (recordTokensLocked), written
// before this returns and so before the cross-tab lock is released.
func (c *Container) applyRefresh(gen uint64, from ledgerRecord, sent string, tok *tokenResponse, err error) error {
	var result error
	c.locked(func() {
		s := c.session
		if s.gen != gen {
			return
		}
		switch {
		case isInvalidGrant(err):
			// RFC 6749 §5.2: the refresh token is invalid, expired or revoked: the session is over.
			result = c.forgetLocked(ReasonInvalid, thisTab)
			return
		case err != nil:
			result = err
			return
		case signedOutElsewhere(s):
			result = c.forgetLocked(ReasonClear, thisTab)
			return
		}
		if result = s.storeTokensLocked(tok, false); result != nil {
			return
		}
		s.publishTokenLocked(tok.accessToken, tok.expireAt(), tok.tokenType)
		latest := sent
		if tok.refreshToken != "" {
			latest = tok.refreshToken
		} else if s.refreshTokenLocked() != sent {
			// This tab's localStorage lagged behind the ledger: bring it up to date.
			_ = s.store().Set(s.key(keyRefreshToken), sent)
		}
		c.recordTokensLocked(c.tabs.nextSeq(s.clock.Now(), from.seq), latest, lineageAfter(sent, latest, from))
	})
	return result
}
