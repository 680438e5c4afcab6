package backend_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wasmgear/wasmgear/backend"
)

// loadKind is one sort of request in the load test: the Authorization
// header values to send and the user a correct verifier admits ("" for 401).
type loadKind struct {
	name    string
	headers []string
	subs    []string // parallel to headers; nil means every one is refused
}

// loadKinds builds pools of requests, signed ahead so the load is on the
// verifier: valid RS256 and ES256 tokens of 64 users, and tokens that are
// expired, for another audience, tampered in payload or signature, unsigned,
// forged with kids the provider never had, or not tokens at all.
func loadKinds(t *testing.T, iss *testIssuer, rsaKey, ecKey signingKey) []loadKind {
	const pool = 64
	kinds := []loadKind{{name: "valid RS256"}, {name: "valid ES256"}, {name: "expired"}, {name: "other audience"},
		{name: "tampered payload"}, {name: "tampered signature"}, {name: "alg none"}, {name: "forged kid"},
		{name: "garbage"}, {name: "no credential"}}
	b64 := base64.RawURLEncoding.EncodeToString
	for i := range pool {
		sub := fmt.Sprintf("user-%02d", i)
		claims := func() jwt.MapClaims { return with(iss.claims(), "sub", sub) }
		kinds[0].headers, kinds[0].subs = append(kinds[0].headers, "Bearer "+sign(t, rsaKey, claims())), append(kinds[0].subs, sub)
		kinds[1].headers, kinds[1].subs = append(kinds[1].headers, "Bearer "+sign(t, ecKey, claims())), append(kinds[1].subs, sub)
		kinds[2].headers = append(kinds[2].headers, "Bearer "+sign(t, ecKey, with(claims(), "exp", testNow.Add(-time.Duration(i+1)*time.Minute).Unix())))
		kinds[3].headers = append(kinds[3].headers, "Bearer "+sign(t, ecKey, with(claims(), "aud", "https://api.other.example")))
		parts := strings.Split(sign(t, rsaKey, claims()), ".")
		evil, _ := json.Marshal(with(claims(), "sub", "admin"))
		kinds[4].headers = append(kinds[4].headers, "Bearer "+parts[0]+"."+b64(evil)+"."+parts[2])
		sig := []byte(parts[2])
		sig[len(sig)/2] ^= 'A' ^ 'B' // a middle character: every bit of it is significant
		kinds[5].headers = append(kinds[5].headers, "Bearer "+parts[0]+"."+parts[1]+"."+string(sig))
		kinds[6].headers = append(kinds[6].headers, "Bearer "+b64([]byte(`{"alg":"none","kid":"rsa-1"}`))+"."+parts[1]+".")
		kinds[7].headers = append(kinds[7].headers, "Bearer "+sign(t, newECKey(t, fmt.Sprintf("forged-%d", i%4)), claims()))
		kinds[8].headers = append(kinds[8].headers, "Bearer "+strings.Repeat(string(rune('a'+i%26)), 10+i*7))
		kinds[9].headers = append(kinds[9].headers, "")
	}
	return kinds
}

// TestJWTMiddleware_Load sends a fixed number of requests over loopback,
// mixing the kinds round-robin from 16 clients, and requires every answer
// to be right (0 false accepts, 0 false rejects, each accepted request seen
// as its own user) and the goroutine count to come back to where it was.
// make test sends 5,000; make bench (WASMGEAR_BENCH=1) sends 50,000.
func TestJWTMiddleware_Load(t *testing.T) {
	total, workers := 5_000, 16
	if os.Getenv("WASMGEAR_BENCH") == "1" {
		total = 50_000
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute) // stops by itself
	defer cancel()
	rsaKey, ecKey := newRSAKey(t, "rsa-1"), newECKey(t, "ec-1")
	iss := newTestIssuer(t, rsaKey, ecKey)
	kinds := loadKinds(t, iss, rsaKey, ecKey)
	v := newVerifier(t, iss.srv.URL)
	srv := httptest.NewServer(v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _ := backend.UserFrom(r.Context())
		_, _ = io.WriteString(w, u.Sub)
	})))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: workers}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	baseline := runtime.NumGoroutine()
	fetchesBefore := iss.jwksHits.Load()

	var next, falseAccepts, falseRejects, failures atomic.Int64
	latencies := make([][]time.Duration, workers)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(total) && ctx.Err() == nil; i = next.Add(1) - 1 {
				k := kinds[i%int64(len(kinds))]
				j := (i / int64(len(kinds))) % int64(len(k.headers))
				want := ""
				if k.subs != nil {
					want = k.subs[j]
				}
				t0 := time.Now()
				got, status, err := loadRequest(ctx, client, srv.URL, k.headers[j])
				latencies[w] = append(latencies[w], time.Since(t0))
				switch {
				case err != nil || (status != http.StatusOK && status != http.StatusUnauthorized):
					failures.Add(1)
					t.Errorf("%s: status %d, %v", k.name, status, err)
				case want == "" && status == http.StatusOK:
					falseAccepts.Add(1)
					t.Errorf("FALSE ACCEPT of %s as %q", k.name, got)
				case want != "" && (status != http.StatusOK || got != want):
					falseRejects.Add(1)
					t.Errorf("%s of %s answered %d %q", k.name, want, status, got)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("the load test hit its time limit after %d requests", next.Load())
	}
	tr.CloseIdleConnections()
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); after > baseline && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond) // connection goroutines end once their peer has closed
	}
	if after > baseline {
		t.Errorf("goroutines: %d before the load, %d after it", baseline, after)
	}
	all := slices.Concat(latencies...)
	slices.Sort(all)
	t.Logf("load: %d requests (%d kinds) from %d clients in %v: %.0f req/s, p50 %v, p99 %v, max %v; "+
		"false accepts %d, false rejects %d, failures %d; goroutines %d before, %d after; JWK Set fetches %d",
		len(all), len(kinds), workers, elapsed.Round(time.Millisecond), float64(len(all))/elapsed.Seconds(),
		all[len(all)/2], all[len(all)*99/100], all[len(all)-1],
		falseAccepts.Load(), falseRejects.Load(), failures.Load(), baseline, after, iss.jwksHits.Load()-fetchesBefore)
	if int(next.Load()) < total || len(all) != total {
		t.Errorf("sent %d requests, want %d", len(all), total)
	}
}

// loadRequest sends one GET with the Authorization header (none if empty)
// and returns the body and status.
func loadRequest(ctx context.Context, c *http.Client, url, authz string) (string, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", 0, err
	}
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	return string(b), resp.StatusCode, err
}
