package backend_test

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/backend"
)

// unparseableJWKs are keys a provider may publish next to good ones: each
// must be skipped, never take the good keys down with it.
var unparseableJWKs = map[string]string{
	"not an object":         `42`,
	"modulus not base64":    `{"kty":"RSA","kid":"bad","n":"!!!","e":"AQAB"}`,
	"modulus of wrong type": `{"kty":"RSA","kid":"bad","n":5,"e":"AQAB"}`,
	"unknown curve":         `{"kty":"EC","kid":"bad","crv":"P-999","x":"AA","y":"AA"}`,
	"point off the curve":   `{"kty":"EC","kid":"bad","crv":"P-256","x":"AQ","y":"AQ"}`,
	"unknown kty":           `{"kty":"PQC","kid":"bad"}`,
	"unknown use":           `{"kty":"RSA","kid":"bad","use":"nope","n":"AQAB","e":"AQAB"}`,
	"no kty":                `{"kid":"bad"}`,
}

func TestJWTVerifier_UnparseableKeySkipped(t *testing.T) {
	for name, raw := range unparseableJWKs {
		t.Run(name+" at start", func(t *testing.T) {
			good := newRSAKey(t, "good")
			iss := newTestIssuer(t, good)
			iss.publishRaw(raw)
			v := newVerifier(t, iss.srv.URL)
			if _, err := v.Verify(context.Background(), sign(t, good, iss.claims())); err != nil {
				t.Fatalf("token of the good key: %v", err)
			}
		})
		t.Run(name+" in a refresh", func(t *testing.T) {
			old, rotated := newRSAKey(t, "old"), newECKey(t, "rotated")
			iss := newTestIssuer(t, old)
			v := newVerifier(t, iss.srv.URL, backend.WithRefreshInterval(0))
			iss.publishRaw(raw)
			iss.publish(old, rotated)
			if _, err := v.Verify(context.Background(), sign(t, rotated, iss.claims())); err != nil {
				t.Fatalf("token of the key published next to the bad one: %v", err)
			}
			if _, err := v.Verify(context.Background(), sign(t, old, iss.claims())); err != nil {
				t.Fatalf("token of the key kept through the refresh: %v", err)
			}
		})
	}
}

// TestJWTVerifier_JWKSOutage: while the JWK Set endpoint fails in any way,
// tokens of the cached keys keep verifying, through background refreshes and
// unknown-kid refreshes alike.
func TestJWTVerifier_JWKSOutage(t *testing.T) {
	modes := map[string]int32{
		"503": outageStatus, "no answer": outageHang, "HTML page": outageNotJSON,
		"empty set": outageEmptySet, "only broken keys": outageAllBroken,
	}
	for name, mode := range modes {
		t.Run(name, func(t *testing.T) {
			key := newRSAKey(t, "k")
			iss := newTestIssuer(t, key)
			v := newVerifier(t, iss.srv.URL,
				backend.WithHTTPClient(&http.Client{Timeout: 200 * time.Millisecond}),
				backend.WithRefreshInterval(20*time.Millisecond),
				backend.WithUnknownKIDRateLimit(50*time.Millisecond, 1))
			token := sign(t, key, iss.claims())
			ctx := context.Background()

			iss.outage.Store(mode)
			hits := iss.jwksHits.Load()
			waitFor(t, 5*time.Second, func() bool { return iss.jwksHits.Load() >= hits+3 })
			if _, err := v.Verify(ctx, token); err != nil {
				t.Fatalf("cached-key token after failed background refreshes: %v", err)
			}
			// A new kid cannot be judged while the keys cannot be fetched: 503, like
			// an unreachable resolver, so the SDK keeps the session.
			newKID := sign(t, newRSAKey(t, "new"), iss.claims())
			start := time.Now()
			if _, err := v.Verify(ctx, newKID); !errors.Is(err, backend.ErrKeySetUnavailable) || errors.Is(err, backend.ErrInvalidToken) {
				t.Fatalf("unknown kid during the outage: %v, want ErrKeySetUnavailable only", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("unknown kid during the outage took %v", d)
			}
			rec, seen := serve(v.Middleware, bearerRequest("Bearer "+newKID))
			checkAnswer(t, rec, seen, unavailable, newKID)
			if _, err := v.Verify(ctx, token); err != nil {
				t.Fatalf("cached-key token after a failed unknown-kid refresh: %v", err)
			}
		})
	}
}

// TestJWTVerifier_ForgedKIDFlood: tokens with ever new forged kids cannot
// shut out the key a provider rotates to, nor make the verifier fetch the
// JWK Set more often than its limit.
func TestJWTVerifier_ForgedKIDFlood(t *testing.T) {
	const every = 200 * time.Millisecond
	old, rotated := newRSAKey(t, "old"), newECKey(t, "rotated")
	iss := newTestIssuer(t, old)
	v := newVerifier(t, iss.srv.URL, backend.WithRefreshInterval(0), backend.WithUnknownKIDRateLimit(every, 1))
	forger := newECKey(t, "")
	forged := make(chan string, 64)
	stop := make(chan struct{})
	go func() { // fresh forged kids, signed once each; ES256 is cheap to sign
		defer close(forged)
		for {
			forger.kid = rand.Text()
			select {
			case forged <- sign(t, forger, iss.claims()):
			case <-stop:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	var accepted sync.Map
	for range 32 {
		wg.Go(func() {
			for tok := range forged {
				if u, err := v.Verify(context.Background(), tok); err == nil {
					accepted.Store(tok, u)
				}
			}
		})
	}
	floodStart, hits := time.Now(), iss.jwksHits.Load()
	waitFor(t, 10*time.Second, func() bool { return iss.jwksHits.Load() >= hits+2 }) // the flood spends the budget

	iss.publish(old, rotated)
	start := time.Now()
	_, err := v.Verify(context.Background(), sign(t, rotated, iss.claims()))
	took := time.Since(start)
	close(stop)
	wg.Wait()
	flood := time.Since(floodStart)
	if err != nil {
		t.Fatalf("the rotated key's first token during the flood: %v", err)
	}
	if took > 2*every+time.Second {
		t.Errorf("the rotated key was accepted after %v; want about one refresh interval (%v)", took, every)
	}
	if n, limit := iss.jwksHits.Load()-hits, int32(flood/every)+2; n > limit {
		t.Errorf("the flood caused %d JWK Set fetches in %v; the limit allows %d", n, flood, limit)
	}
	accepted.Range(func(k, _ any) bool { t.Errorf("FALSE ACCEPT of a forged kid"); return false })
	t.Logf("rotated key accepted after %v; %d JWK Set fetches in %v of flood", took, iss.jwksHits.Load()-hits, flood)
}

// TestJWTVerifier_ForgedKIDReplay: a forged kid that a fresh JWK Set lacks is
// remembered as absent for a while, so replaying it costs neither a fetch
// nor a wait.
func TestJWTVerifier_ForgedKIDReplay(t *testing.T) {
	key := newRSAKey(t, "k")
	iss := newTestIssuer(t, key)
	v := newVerifier(t, iss.srv.URL, backend.WithRefreshInterval(0), backend.WithUnknownKIDRateLimit(100*time.Millisecond, 1))
	forged := sign(t, newRSAKey(t, "forged"), iss.claims())
	if _, err := v.Verify(context.Background(), forged); !errors.Is(err, backend.ErrInvalidToken) {
		t.Fatalf("forged kid: %v", err)
	}
	hits := iss.jwksHits.Load()
	if hits != 2 {
		t.Fatalf("JWK Set fetched %d times, want 2 (start, the forged kid)", hits)
	}
	start := time.Now()
	for range 100 {
		if _, err := v.Verify(context.Background(), forged); !errors.Is(err, backend.ErrInvalidToken) {
			t.Fatalf("replayed forged kid: %v", err)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("100 replays of a known-absent kid took %v", d)
	}
	if n := iss.jwksHits.Load(); n != hits {
		t.Errorf("replays caused %d more fetches, want 0", n-hits)
	}
}

// waitFor polls cond until it holds, failing the test after limit.
func waitFor(t *testing.T, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
