package sdk

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Locker runs fn while holding a lock shared by every tab of the origin (Web Locks). Only
// one tab refreshes at a time: with a rotating refresh token, two tabs spending the same
// token make the provider revoke the whole grant (RFC 9700 §4.14.2).
type Locker interface {
	WithLock(ctx context.Context, name string, fn func(ctx context.Context) error) error
}

// Ledger is a key/value store whose writes are visible to the other tabs as soon as they
// complete (IndexedDB transactions). localStorage is not: Chrome copies its writes to
// other tabs asynchronously, and a tab that read a stale refresh token right after another
// rotated it would spend a revoked token (ARCHITECTURE.md, "Cross-tab coordination").
type Ledger interface {
	Get(ctx context.Context, key string) (value string, ok bool, err error)
	Set(ctx context.Context, key, value string) error
	Delete(ctx context.Context, key string) error
}

// Broadcaster carries Messages to the other tabs of the origin (BroadcastChannel); the
// sender does not receive its own messages. Subscribe's handler may be called from any
// goroutine, one message at a time, in the order they were posted.
type Broadcaster interface {
	Post(m Message) error
	Subscribe(handler func(Message))
}

// Connectivity tells whether the browser believes it is online (navigator.onLine), so a
// refresh that cannot succeed fails at once instead of after a network timeout.
type Connectivity interface {
	Online() bool
}

// Message is one cross-tab announcement: new tokens (Seq, AccessToken, ExpireAt) or a
// session change (State, Reason).
type Message struct {
	Seq         int64
	AccessToken string
	ExpireAt    time.Time
	TokenType   string // the access token's token_type: DPoP tokens need the shared key
	State       SessionState
	Reason      Reason
}

// ledgerRecord is the ledger's value for the refresh token: which refresh produced it
// (Seq, increasing), when, and the token itself.
type ledgerRecord struct {
	seq          int64
	at           time.Time
	refreshToken string
	ancestors    []string // the tokens it was rotated from, newest first (ledger_lineage.go)
}

func (r ledgerRecord) encode() string {
	return strconv.FormatInt(r.seq, 10) + ":" + strconv.FormatInt(r.at.UnixMilli(), 10) + ":" + r.refreshToken +
		encodeAncestors(r.ancestors)
}

func decodeLedgerRecord(s string) (ledgerRecord, bool) {
	seq, rest, ok1 := strings.Cut(s, ":")
	at, token, ok2 := strings.Cut(rest, ":")
	n, ok3 := parseDecimal(seq)
	ms, ok4 := parseDecimal(at)
	if !ok1 || !ok2 || !ok3 || !ok4 || token == "" {
		return ledgerRecord{}, false
	}
	token, ancestors := decodeAncestors(token)
	if token == "" {
		return ledgerRecord{}, false
	}
	return ledgerRecord{seq: n, at: time.UnixMilli(ms), refreshToken: token, ancestors: ancestors}, true
}

// WithLocker makes refreshes exclusive across tabs.
func WithLocker(l Locker) Option { return func(s *settings) { s.locker = l } }

// WithLedger sets the cross-tab consistent record of the latest refresh token.
func WithLedger(l Ledger) Option { return func(s *settings) { s.ledger = l } }

// WithBroadcaster lets tabs hand each other new access tokens and session changes.
func WithBroadcaster(b Broadcaster) Option { return func(s *settings) { s.broadcaster = b } }

// WithConnectivity lets a refresh fail fast while the browser is offline.
func WithConnectivity(cn Connectivity) Option { return func(s *settings) { s.connectivity = cn } }

// parseDecimal reads a non-negative decimal int64, as encode writes them. strconv.ParseInt
// would do, but its error type formats with strconv.Quote and the Unicode print tables.
func parseDecimal(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}
