package backend

import (
	"crypto/sha256"
	"io"
	"sync"
	"time"
)

// DefaultCacheSize bounds the resolver cache, so that many distinct
// credentials cannot grow it without limit.
const DefaultCacheSize = 10000

// cacheKey is the SHA-256 of the forwarded credential headers: the cache
// never holds a token or session ID in the clear. Each value is tagged and
// NUL-terminated (header values cannot contain NUL), so distinct header sets
// cannot collide.
type cacheKey [sha256.Size]byte

func newCacheKey(authorization, cookies []string) cacheKey {
	h := sha256.New()
	for _, v := range authorization {
		_, _ = io.WriteString(h, "A:"+v+"\x00")
	}
	for _, v := range cookies {
		_, _ = io.WriteString(h, "C:"+v+"\x00")
	}
	var k cacheKey
	h.Sum(k[:0])
	return k
}

type cacheEntry struct {
	user    *User
	expires time.Time
}

// userCache keeps positive resolver answers for ttl. Negative answers are
// never cached, so a session that becomes valid is seen at once, and a
// revoked one is seen after at most ttl.
type userCache struct {
	ttl time.Duration
	max int

	mu      sync.Mutex // guards entries
	entries map[cacheKey]cacheEntry
}

func newUserCache(ttl time.Duration, size int) *userCache {
	if ttl <= 0 || size <= 0 {
		return nil
	}
	return &userCache{ttl: ttl, max: size, entries: make(map[cacheKey]cacheEntry)}
}

// get returns a copy of the cached user, if one is there and fresh at now.
func (c *userCache) get(k cacheKey, now time.Time) (*User, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return nil, false
	}
	if !now.Before(e.expires) {
		delete(c.entries, k)
		return nil, false
	}
	return e.user.clone(), true
}

// put stores a copy of u until now+ttl, making room first when full.
func (c *userCache) put(k cacheKey, u *User, now time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; !ok && len(c.entries) >= c.max {
		c.evict(now)
	}
	c.entries[k] = cacheEntry{user: u.clone(), expires: now.Add(c.ttl)}
}

// evict drops expired entries and, if the cache is still over 90% full,
// arbitrary ones (map order) down to 90%, so the sweep is paid for rarely.
func (c *userCache) evict(now time.Time) {
	for k, e := range c.entries {
		if !now.Before(e.expires) {
			delete(c.entries, k)
		}
	}
	target := c.max - c.max/10 - 1
	for k := range c.entries {
		if len(c.entries) <= target {
			break
		}
		delete(c.entries, k)
	}
}
