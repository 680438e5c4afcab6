package dpop

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestReplayCache_BoundedInEntriesAndTime: a full cache of live entries refuses a new
// proof (never evicts a live one); once entries expire they are swept and room returns.
func TestReplayCache_BoundedInEntriesAndTime(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	c := NewReplayCache(3)
	for i, jti := range []string{"a", "b", "c"} {
		if err := c.record(replayKey("k", jti), t0.Add(time.Duration(i+1)*time.Minute), t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.record(replayKey("k", "d"), t0.Add(time.Minute), t0); !errors.Is(err, ErrCacheFull) {
		t.Fatalf("full: %v, want ErrCacheFull", err)
	}
	if err := c.record(replayKey("k", "a"), t0.Add(time.Minute), t0); !errors.Is(err, ErrReplayed) {
		t.Fatalf("replay in a full cache: %v, want ErrReplayed", err)
	}
	later := t0.Add(time.Minute) // "a" expires now
	if err := c.record(replayKey("k", "d"), later.Add(time.Minute), later); err != nil {
		t.Fatalf("after one expiry: %v", err)
	}
	if got := c.Len(); got != 3 {
		t.Fatalf("Len %d, want 3", got)
	}
	if err := c.record(replayKey("k", "x"), t0.Add(time.Hour), t0.Add(time.Hour)); !errors.Is(err, nil) {
		t.Fatalf("after all expired: %v", err)
	}
	if got := c.Len(); got != 1 {
		t.Fatalf("Len after sweep %d, want 1", got)
	}
}

// TestReplayCache_ConcurrentReplays: of many goroutines presenting one proof at once,
// exactly one is accepted (run with -race).
func TestReplayCache_ConcurrentReplays(t *testing.T) {
	c := NewReplayCache(0)
	t0 := time.Now()
	var wg sync.WaitGroup
	var accepted atomic.Int32
	for range 8 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c.record(replayKey("k", "same"), t0.Add(time.Minute), t0) == nil {
				accepted.Add(1)
			}
		}()
	}
	wg.Wait()
	if accepted.Load() != 1 {
		t.Fatalf("%d accepted, want exactly 1", accepted.Load())
	}
}

// TestReplayCache_EntryCost measures the bytes a full cache holds per entry, for the
// bounds the package doc and README state (reported, not asserted beyond a sanity cap).
func TestReplayCache_EntryCost(t *testing.T) {
	const n = 100_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c := NewReplayCache(n)
	t0 := time.Now()
	for i := range n {
		_ = c.record(replayKey("k", string(rune(i))+time.Duration(i).String()), t0.Add(time.Minute), t0)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("replay cache: %d entries, %.0f bytes an entry", c.Len(), per)
	if c.Len() != n || per > 1000 {
		t.Fatalf("%d entries at %.0f bytes each", c.Len(), per)
	}
	runtime.KeepAlive(c)
}
