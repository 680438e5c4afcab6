package dpop_test

import (
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/dpop"
	"github.com/wasmgear/wasmgear/internal/dpop/dpoptest"
)

// FuzzParse: no input makes the proof parser panic, and whatever it accepts carries
// every claim Verify relies on, a known algorithm's key thumbprint, and a bounded jti.
func FuzzParse(f *testing.F) {
	k := dpoptest.NewES256()
	f.Add(k.Proof("POST", "https://idp.example.test/oauth2/token"))
	f.Add(k.Proof("GET", "https://api.example.test/", dpoptest.WithAccessToken("t"), dpoptest.WithNonce("n")))
	f.Add(dpoptest.NewRS256(2048).Proof("GET", "https://api.example.test/"))
	f.Add("eyJhbGciOiJub25lIiwidHlwIjoiZHBvcCtqd3QifQ.e30.")
	f.Add("..")
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := dpop.Parse(raw)
		if err != nil {
			if p != nil {
				t.Fatal("a proof and an error")
			}
			return
		}
		if p.JKT == "" || p.JTI == "" || len(p.JTI) > 128 || p.Method == "" || p.URL == "" || p.Issued.IsZero() {
			t.Fatalf("accepted an incomplete proof: %+v", p)
		}
		v := dpop.NewVerifier(dpop.Options{Now: func() time.Time { return p.Issued }})
		_, _ = v.Verify(raw, dpop.Request{Method: p.Method, URL: p.URL})
	})
}
