package sdk

import (
	"context"
	"errors"
	"sync"
)

// finishMemo remembers the callback this page last handled, so that calling
// finishAuthentication (or a settings action's finish) again for it — React StrictMode
// runs every effect twice, and a remount calls it again — answers as the first call did,
// without redeeming the code a second time (RFC 6749 §4.1.2: a code is single-use; a
// second redemption would also revoke the tokens just issued).
type finishMemo struct {
	mu   sync.Mutex
	last *finishCall
}

// finishCall is one handled callback: what finished it (kind: "" for a sign-in, else the
// settings action), the address it arrived at, that address with the response parameters
// removed (what the address bar shows after the first call), and the answer, ready once
// done is closed.
type finishCall struct {
	kind, callback, cleaned string
	done                    chan struct{}
	result                  *AuthenticateResult
	err                     error
	gen                     uint64 // the session a successful sign-in started
}

// answers reports whether a finished call still answers for the page: an error always
// does, and so does a settings action (its success changes the account, not this page's
// session: delete_account ends the session and must still answer alike); a sign-in only
// while the session it started lasts (after a logout the same callback is a replay, and
// the provider says so).
func (c *Container) answers(call *finishCall) bool {
	select {
	case <-call.done:
	default:
		return true // in flight: wait for it
	}
	if call.err != nil || call.kind != "" {
		return true
	}
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	return c.session.gen == call.gen
}

// FinishAuthentication handles the provider's redirect on the redirect URI page (see
// finishAuthentication). A second call for the same callback, during or after the
// first, gets the first call's result or error; no request is sent again.
func (c *Container) FinishAuthentication(ctx context.Context) (*AuthenticateResult, error) {
	if _, err := c.configured(); err != nil {
		return nil, err
	}
	return c.finishOnce(ctx, "", c.finishAuthentication)
}

// finishOnce runs finish for the callback in the address bar unless the last call of
// the same kind handled it, whose answer it then returns (waiting for it if in flight).
func (c *Container) finishOnce(ctx context.Context, kind string, finish func(context.Context) (*AuthenticateResult, error)) (*AuthenticateResult, error) {
	loc := c.nav.Location()
	c.finishes.mu.Lock()
	if call := c.finishes.last; call != nil && call.kind == kind && (loc == call.callback || loc == call.cleaned) && c.answers(call) {
		c.finishes.mu.Unlock()
		select {
		case <-call.done:
			return call.result, call.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	call := &finishCall{kind: kind, callback: loc, cleaned: loc, done: make(chan struct{})}
	if u, err := c.urls.Parse(loc, ""); err == nil {
		call.cleaned = withoutResponseParams(u)
	}
	c.finishes.last = call
	c.finishes.mu.Unlock()

	call.result, call.err = finish(ctx)
	if call.err == nil {
		c.session.mu.Lock()
		call.gen = c.session.gen
		c.session.mu.Unlock()
	}
	if errors.Is(call.err, ErrNoAuthentication) && call.result == nil {
		// Nothing was pending for this address: a later flow to it is a new callback.
		c.finishes.mu.Lock()
		if c.finishes.last == call {
			c.finishes.last = nil
		}
		c.finishes.mu.Unlock()
	}
	close(call.done)
	return call.result, call.err
}
