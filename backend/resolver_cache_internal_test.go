package backend

import (
	"testing"
	"time"
)

func TestUserCache_Bounded(t *testing.T) {
	now := time.Unix(1_750_000_000, 0)
	c := newUserCache(time.Minute, 10)
	for i := range 100 {
		c.put(newCacheKey([]string{string(rune('a' + i))}, nil), &User{Sub: "u"}, now)
		if n := len(c.entries); n > 10 {
			t.Fatalf("after %d puts the cache holds %d entries, max 10", i+1, n)
		}
	}
	// Expired entries go first: a later put sweeps all of them.
	later := now.Add(time.Minute)
	c.put(newCacheKey([]string{"fresh"}, nil), &User{Sub: "f"}, later)
	if n := len(c.entries); n != 1 {
		t.Errorf("after expiry sweep the cache holds %d entries, want 1", n)
	}
}

func TestNewCacheKey_NoCollisions(t *testing.T) {
	keys := map[cacheKey]string{}
	for name, k := range map[string]cacheKey{
		"authz a":        newCacheKey([]string{"a"}, nil),
		"cookie a":       newCacheKey(nil, []string{"a"}),
		"authz a,b":      newCacheKey([]string{"a", "b"}, nil),
		"authz a cook b": newCacheKey([]string{"a"}, []string{"b"}),
		"nothing":        newCacheKey(nil, nil),
	} {
		if other, dup := keys[k]; dup {
			t.Errorf("%s and %s share a key", name, other)
		}
		keys[k] = name
	}
}

func TestNewUserCache_Disabled(t *testing.T) {
	if newUserCache(0, 10) != nil || newUserCache(time.Second, 0) != nil {
		t.Fatal("a zero TTL or size must disable the cache")
	}
	var c *userCache
	c.put(cacheKey{}, &User{}, time.Now()) // nil-safe
	if _, ok := c.get(cacheKey{}, time.Now()); ok {
		t.Fatal("a nil cache must miss")
	}
}
