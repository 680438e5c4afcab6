package sdk

import (
	"sync"
	"sync/atomic"
	"time"
)

// session is the container's state: its configuration, the stored tokens, the published
// snapshot and the listener that hears every change, in order.
type session struct {
	name      string
	storage   Storage        // persistent: localStorage
	transient *MemoryStorage // tokens of TokenStorageTransient
	clock     Clock
	listener  Listener

	mu  sync.Mutex // guards cfg, gen and the order of state changes
	cfg *config
	// gen counts session changes (sign-in, forget, reconfigure). A network call remembers
	// gen when it starts and applies its result only if gen is unchanged, so a refresh that
	// lands after a logout or clear cannot bring the session back.
	gen      uint64
	snapshot atomic.Pointer[Snapshot]
}

func newSession(name string, storage Storage, clock Clock, listener Listener) *session {
	s := &session{name: name, storage: storage, transient: NewMemoryStorage(), clock: clock, listener: listener}
	s.snapshot.Store(&Snapshot{State: SessionStateUnknown})
	return s
}

// Snapshot returns the current observable state without blocking.
func (s *session) Snapshot() Snapshot { return *s.snapshot.Load() }

// key is the storage key of suffix for this container: authgear_${name}_${suffix}.
func (s *session) key(suffix string) string {
	return "authgear_" + s.name + "_" + suffix
}

// store is where tokens live for the configured TokenStorage.
func (s *session) store() Storage {
	if s.cfg != nil && s.cfg.TokenStorage == TokenStorageTransient {
		return s.transient
	}
	return s.storage
}

// configureLocked applies a validated configuration and derives the state from storage.
func (s *session) configureLocked(cfg *config) error {
	prev := s.cfg
	s.cfg = cfg
	snap := s.Snapshot()
	snap.ClientID, snap.SessionType, snap.IsSSOEnabled = cfg.ClientID, cfg.SessionType, cfg.IsSSOEnabled
	if prev == nil || prev.Endpoint != cfg.Endpoint || prev.ClientID != cfg.ClientID {
		snap.AccessToken, snap.ExpireAt = "", time.Time{}
		s.gen++ // another provider or client: results in flight belong to the old one
	}
	s.snapshot.Store(&snap)
	s.restoreIDTokenLocked()
	if cfg.SessionType == SessionTypeCookie {
		// The session lives in an HttpOnly cookie the SDK cannot see: only a server call
		// can tell, so the state stays UNKNOWN until fetchUserInfo answers.
		return nil
	}
	stored, found, err := s.store().Get(s.key(keyRefreshToken))
	if err != nil {
		return err
	}
	if found && stored != "" { // an empty value (another SDK's logout) is no session
		s.setStateLocked(SessionStateAuthenticated, ReasonFoundToken)
	} else {
		s.setStateLocked(SessionStateNoSession, ReasonNoToken)
	}
	return nil
}

// setStateLocked publishes a state and tells the listener; s.mu must be held so that
// listeners hear changes in the order they happened.
func (s *session) setStateLocked(state SessionState, reason Reason) {
	snap := s.Snapshot()
	snap.State = state
	s.snapshot.Store(&snap)
	if s.listener != nil {
		s.listener(state, reason)
	}
}

// publishTokenLocked makes an access token, its expiry and its token_type observable;
// "" forgets it.
func (s *session) publishTokenLocked(accessToken string, expireAt time.Time, tokenType string) {
	snap := s.Snapshot()
	snap.AccessToken, snap.ExpireAt, snap.TokenType = accessToken, expireAt, tokenType
	s.snapshot.Store(&snap)
}

// forgetTokensLocked removes every stored token, the published access token included,
// and starts a new generation. Memory is cleared even when storage fails; the first
// failure is returned.
func (s *session) forgetTokensLocked() error {
	var firstErr error
	for _, k := range []string{keyRefreshToken, keyIDToken, keyTokenType} {
		if err := s.store().Delete(s.key(k)); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	s.gen++
	s.publishTokenLocked("", time.Time{}, "")
	s.publishIDTokenLocked("")
	return firstErr
}

// storeTokensLocked persists the refresh and ID tokens of a token response. A new
// session (replace) drops an old refresh token the response does not replace; a refresh
// keeps the current one unless the provider rotated it.
func (s *session) storeTokensLocked(tok *tokenResponse, replace bool) error {
	for _, kv := range [][2]string{{keyRefreshToken, tok.refreshToken}, {keyIDToken, tok.idToken}, {keyTokenType, tok.tokenType}} {
		var err error
		switch {
		case kv[1] != "":
			err = s.store().Set(s.key(kv[0]), kv[1])
		case replace:
			err = s.store().Delete(s.key(kv[0]))
		}
		if err != nil {
			return err
		}
	}
	if tok.idToken != "" {
		s.publishIDTokenLocked(tok.idToken)
	}
	return nil
}

// refreshTokenLocked is the stored refresh token, "" when there is none.
func (s *session) refreshTokenLocked() string {
	rt, ok, err := s.store().Get(s.key(keyRefreshToken))
	if err != nil || !ok {
		return ""
	}
	return rt
}

// sharesTokensLocked reports whether tokens are shared with other tabs: persistent token
// storage in refresh-token mode. Transient sessions belong to one tab.
func (s *session) sharesTokensLocked() bool {
	return s.cfg != nil && s.cfg.SessionType == SessionTypeRefreshToken && s.cfg.TokenStorage == TokenStoragePersistent
}
