package sdk

import (
	"context"
	"strings"
	"sync/atomic"
)

// The steps of one authorized request (authorized runs them in order; each decision is
// made here, once). A caller on the browser's thread, which must not block, uses the
// exported ones: CredentialsNow, and when it answers ready, it sends the request itself
// and, when StatusMayNeedReplay says so of the reply's status, asks ReplayNeeded; only a
// due refresh or a replay needs Fetch or Replay, which wait. That way a request with a
// valid token is decided in one call into Go (jsbridge/quick_exports.go), with no
// goroutine and no Promise of the SDK's own.

// CredentialsNow is what Fetch would add to out, decided without waiting: ready false
// means something must wait first — a due refresh, a DPoP proof to sign, a busy
// session — so call Fetch, which does it and sends.
func (c *Container) CredentialsNow(out Outgoing) (creds Credentials, ready bool, err error) {
	return c.credentials(out, policy{}, true)
}

// ReplayNeeded reports whether reply, to out sent with creds, is the 401 Bearer
// invalid_token challenge (RFC 6750 §3.1) that Fetch answers with one refresh and one
// replay; then call Replay.
func (c *Container) ReplayNeeded(out Outgoing, creds Credentials, reply Reply) bool {
	return c.replayNeeded(out, creds, reply)
}

// Replay refreshes the token once (shared with concurrent callers) and sends out again
// with the new one; it returns reply unchanged when the token could not be renewed.
func (c *Container) Replay(ctx context.Context, out Outgoing, creds Credentials, reply Reply) (Reply, error) {
	return c.replay(ctx, out, creds, reply)
}

// credentials decides out's credentials (RFC 6750 §2.1): the token only where
// tokenAllowed says; in cookie mode the same allowlist decides credentials "include",
// unless the caller chose a mode, so the session cookie does not go to other origins of
// the same host (cookies ignore ports, RFC 6265 §8.5); a caller's own Authorization is
// kept. ready is false when the token must be refreshed first, when a sign-in call has a
// key to bind, and, for a caller that must not wait, when a DPoP proof has to be signed.
//
// now is for a caller on the browser's thread: it never waits for the session's mutex.
// A change holds it while it tells the listener, and a listener (the app's delegate) that
// calls fetch() right there would otherwise wait for itself; a busy session is "not
// ready", and the call waits in a goroutine like any other.
func (c *Container) credentials(out Outgoing, p policy, now bool) (Credentials, bool, error) {
	s := c.session
	if !s.acquire(now) {
		return Credentials{}, false, nil
	}
	cfg := s.cfg
	s.mu.Unlock()
	if cfg == nil {
		return Credentials{}, false, ErrNotConfigured
	}
	if !p.trusted {
		target, allowed, err := c.tokenMayGo(cfg, out.URL())
		if err != nil {
			return Credentials{}, false, err
		}
		if !allowed {
			c.noteWithheld(cfg, out, target)
			return Credentials{}, true, nil
		}
	}
	if cfg.SessionType == SessionTypeCookie {
		return Credentials{IncludeCookies: !out.OwnCredentials()}, true, nil
	}
	if out.OwnAuthorization() {
		return Credentials{}, true, nil
	}
	if !s.acquire(now) {
		return Credentials{}, false, nil
	}
	due, err := c.refreshDueLocked(false)
	s.mu.Unlock()
	if err != nil || due {
		return Credentials{}, false, err
	}
	creds, err := c.bearerCredentials(p)
	switch {
	case err != nil:
		return Credentials{}, false, err
	case creds.Authorization == "" && p.bindKey:
		return Credentials{}, false, nil // a key to make or read: authorized binds it
	case now && strings.HasPrefix(creds.Authorization, "DPoP "):
		return Credentials{}, false, nil // a proof to sign (WebCrypto answers later)
	}
	return creds, true, nil
}

// bearerCredentials carries the published access token, or nothing (an error when the
// call needs a session).
func (c *Container) bearerCredentials(p policy) (Credentials, error) {
	header := c.bearer()
	if header == "" && p.needSession != "" {
		return Credentials{}, wrapError(ErrNoSession, p.needSession+" needs a signed-in user")
	}
	return Credentials{Authorization: header}, nil
}

// StatusMayNeedReplay reports whether a reply with this status, to a request sent with
// the session's token, may be the challenge ReplayNeeded looks for: only then need a
// caller that must not wait read its headers (a 401: RFC 6750 §3.1).
func StatusMayNeedReplay(status int) bool { return status == 401 }

func (c *Container) replayNeeded(out Outgoing, creds Credentials, reply Reply) bool {
	return creds.Authorization != "" && StatusMayNeedReplay(reply.StatusCode()) && out.Replayable() &&
		isInvalidTokenChallenge(reply.HeaderValue("www-authenticate"))
}

func (c *Container) replay(ctx context.Context, out Outgoing, creds Credentials, reply Reply) (Reply, error) {
	retry, err := c.retryHeader(ctx, creds.Authorization, reply.HeaderValue("www-authenticate"))
	if err != nil || retry == "" {
		return reply, err
	}
	return c.sendWithToken(ctx, out, retry)
}

// RefreshWouldWait reports whether RefreshAccessTokenIfNeeded would wait for the network
// (its own request, or one in flight): false means it returns at once with err, so a
// caller on the browser's thread can answer without a goroutine.
// A session busy with a change (see credentials) would wait.
func (c *Container) RefreshWouldWait() (bool, error) {
	if !c.session.acquire(true) {
		return true, nil
	}
	defer c.session.mu.Unlock()
	return c.refreshDueLocked(false)
}

// acquire locks the session's mutex; now: only if it is free at once (TryLock), and
// reports whether it did.
func (s *session) acquire(now bool) bool {
	if now {
		return s.mu.TryLock()
	}
	s.mu.Lock()
	return true
}

// headerCache is the Authorization value of one published snapshot. Every quick fetch()
// asks for it; made anew each time, a string of a kilobyte per request kept the garbage
// collector busy (with GOGC=25, a collection every couple of hundred requests).
type headerCache struct{ last atomic.Pointer[cachedHeader] }

type cachedHeader struct {
	snap   *Snapshot // a published snapshot never changes: a new one is a new pointer
	header string
}

func (h *headerCache) get(snap *Snapshot) (string, bool) {
	if last := h.last.Load(); last != nil && last.snap == snap {
		return last.header, true
	}
	return "", false
}

func (h *headerCache) put(snap *Snapshot, header string) {
	h.last.Store(&cachedHeader{snap: snap, header: header})
}
