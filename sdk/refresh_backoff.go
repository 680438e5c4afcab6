package sdk

import (
	"errors"
	"sync"
	"time"
)

// rejectedRefresh remembers the refresh token the provider last rejected with an OAuth
// error other than invalid_grant. Such an error (invalid_request, invalid_client,
// unauthorized_client, …) does not say the token is dead, so the session stays; but
// sending the same token again will most likely be rejected again, and every fetch()
// would ask. After two rejections in a row the answer is the remembered error, without a
// request, for RejectedRefreshBackoff; then one more try.
type rejectedRefresh struct {
	mu    sync.Mutex // guards the fields below
	token string     // the refresh token rejected
	count int        // rejections in a row
	until time.Time  // no request for token before this
	err   error      // the last rejection
}

// blocked returns the remembered rejection while token is backing off, else nil.
func (r *rejectedRefresh) blocked(token string, now time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if token == r.token && r.count >= 2 && now.Before(r.until) {
		return r.err
	}
	return nil
}

// record notes the outcome of sending token: a rejection counts, anything else (success,
// invalid_grant, a network or server fault) starts over.
func (r *rejectedRefresh) record(token string, err error, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	oauthErr, ok := errors.AsType[*OAuthError](err)
	if !ok || oauthErr.Code == "invalid_grant" {
		r.token, r.count, r.err = "", 0, nil
		return
	}
	if token != r.token {
		r.token, r.count = token, 0
	}
	r.count++
	r.err = err
	r.until = now.Add(RejectedRefreshBackoff)
}
