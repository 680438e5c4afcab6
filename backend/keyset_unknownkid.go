package backend

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"golang.org/x/time/rate"
)

const (
	// absentKIDFactor and absentKIDMinimum set how long a kid that a fresh
	// JWK Set lacked is answered "unknown" without a new fetch: a replayed
	// forged token then costs nothing, while a real key that a stale cache
	// in front of the provider hid is looked for again soon.
	absentKIDFactor  = 5
	absentKIDMinimum = time.Second

	// maxAbsentKIDs bounds that memory, so that random forged kids cannot
	// grow it without limit.
	maxAbsentKIDs = 4096
)

// errRefreshBudget means an unknown kid could not cause a JWK Set fetch in
// time: the next one the rate limit allows is too far away.
var errRefreshBudget = errors.New("the JWK Set refresh limit is reached")

// unknownKIDs refetches the JWK Set for tokens whose kid (RFC 7515 §4.1.4)
// no held key has: after a provider rotates its key, the first tokens of
// the new key must verify within seconds, because a 401 signs the user out.
//
// jwkset's client spends one rate-limit token per request and lets each
// request fetch on its own, so forged kids use up the budget and the real
// new kid is refused for minutes. Here all requests share the next fetch
// instead: a request with an unknown kid waits for the next fetch that
// starts after it arrived (at most one scheduled at a time, at most one per
// limiter slot), then looks again. However many kids arrive, the provider
// sees at most the limiter's rate, and the rotated key is found by the
// first fetch after it was published.
type unknownKIDs struct {
	store     *keyStore
	limiter   *rate.Limiter
	maxWait   time.Duration // the longest a request waits for its fetch to start
	absentFor time.Duration

	mu      sync.Mutex // guards next, running and absent
	next    *kidFetch  // the scheduled fetch, not started yet; nil if none
	running *kidFetch  // the fetch under way; nil if none
	absent  map[string]time.Time
}

// kidFetch is one scheduled JWK Set fetch; done closes when it has ended,
// and err is its result.
type kidFetch struct {
	done chan struct{}
	err  error
}

// lookup waits for a fetch that started after the request arrived and
// reads kid from the set it left. A request that arrives while a fetch is
// running first waits for that one, which most likely holds the new key
// already, and only if it does not, for the next.
func (u *unknownKIDs) lookup(ctx context.Context, kid string) (jwkset.JWK, error) {
	for joinRunning := true; ; joinRunning = false {
		f, fresh, err := u.join(kid, joinRunning)
		if err != nil {
			return jwkset.JWK{}, fmt.Errorf("%w %q: %w", jwkset.ErrKeyNotFound, kid, err)
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			return jwkset.JWK{}, fmt.Errorf("%w %q: %w", jwkset.ErrKeyNotFound, kid, ctx.Err())
		}
		jwk, err := u.store.current.Load().KeyRead(ctx, kid)
		switch {
		case err == nil:
			return jwk, nil
		case !fresh:
			continue
		case f.err != nil:
			return jwkset.JWK{}, fmt.Errorf("%w: kid %q: %w", ErrKeySetUnavailable, kid, f.err)
		default: // an answer fetched after kid was asked for, without kid
			u.markAbsent(kid)
			return jwkset.JWK{}, err
		}
	}
}

// join returns the fetch to wait for and whether it starts after now: the
// running one if joinRunning, else the scheduled one, scheduling it at the
// limiter's next slot if there is none. It refuses a kid known to be
// absent, and a wait longer than maxWait.
func (u *unknownKIDs) join(kid string, joinRunning bool) (f *kidFetch, fresh bool, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	now := time.Now()
	if until, ok := u.absent[kid]; ok && now.Before(until) {
		return nil, false, errors.New("not in the JWK Set fetched moments ago")
	}
	switch {
	case u.next != nil:
		return u.next, true, nil
	case joinRunning && u.running != nil:
		return u.running, false, nil
	}
	r := u.limiter.ReserveN(now, 1)
	delay := r.DelayFrom(now)
	if !r.OK() || delay > u.maxWait {
		r.CancelAt(now)
		return nil, false, errRefreshBudget
	}
	f = &kidFetch{done: make(chan struct{})}
	u.next = f
	time.AfterFunc(delay, func() { u.run(f) })
	return f, true, nil
}

// run starts f: from here on, newcomers wait for it, then schedule the next.
func (u *unknownKIDs) run(f *kidFetch) {
	u.mu.Lock()
	u.next, u.running = nil, f
	u.mu.Unlock()
	f.err = u.store.refresh()
	u.mu.Lock()
	if u.running == f {
		u.running = nil
	}
	u.mu.Unlock()
	close(f.done)
}

// markAbsent remembers that kid was missing from a fresh set.
func (u *unknownKIDs) markAbsent(kid string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	now := time.Now()
	if len(u.absent) >= maxAbsentKIDs {
		for k, until := range u.absent {
			if !now.Before(until) {
				delete(u.absent, k)
			}
		}
		if len(u.absent) >= maxAbsentKIDs {
			clear(u.absent)
		}
	}
	if u.absent == nil {
		u.absent = make(map[string]time.Time)
	}
	u.absent[kid] = now.Add(u.absentFor)
}
