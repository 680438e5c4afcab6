package dpop_test

import (
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/dpop"
	"github.com/wasmgear/wasmgear/internal/dpop/dpoptest"
)

// BenchmarkVerify: the whole check of one fresh resource-request proof (parse, P-256
// signature, htu, ath, thumbprint, replay-cache entry): what DPoP costs a server per
// request on top of the access token's own check. The proofs are made before the timer.
func BenchmarkVerify(b *testing.B) {
	key := dpoptest.NewES256()
	key.Now = func() time.Time { return now }
	proofs := make([]string, b.N)
	for i := range proofs {
		proofs[i] = key.Proof("GET", apiURL, dpoptest.WithAccessToken(token))
	}
	v := dpop.NewVerifier(dpop.Options{Now: func() time.Time { return now }, MaxEntries: b.N + 1})
	req := dpop.Request{Method: "GET", URL: apiURL, AccessToken: token, JKT: key.JKT}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := v.Verify(proofs[i], req); err != nil {
			b.Fatal(err)
		}
	}
}
