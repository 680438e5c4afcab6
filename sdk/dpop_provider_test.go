package sdk_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

// dpopProvider records every DPoP proof on its way to devidp, whose DPoP (RFC 9449) is on:
// it binds codes, grants and access tokens to the proof's key, issues nonces when told
// to, and wants DPoP tokens with proofs at userinfo. Each proof is checked here too,
// independently of devidp's verifier. bearerOnly drops the proofs before devidp sees
// them, as a provider that lists DPoP but ignores proofs and answers Bearer.
type dpopProvider struct {
	t          *testing.T
	next       sdk.Transport
	bearerOnly bool

	mu     sync.Mutex // guards proofs
	proofs []seenProof
}

// seenProof is one proof that reached the provider, and the request it came with.
type seenProof struct {
	url string
	proof
}

// tokenProofs are the proofs the token endpoint received, in order.
func (d *dpopProvider) tokenProofs() []proof {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []proof
	for _, p := range d.proofs {
		if strings.HasSuffix(p.url, "/oauth2/token") {
			out = append(out, p.proof)
		}
	}
	return out
}

func (d *dpopProvider) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	if raw := req.Header["dpop"]; raw != "" {
		p, err := parseProof(raw)
		if err != nil || p.claim("htm") != req.Method || p.claim("htu") != strings.SplitN(req.URL, "?", 2)[0] {
			d.t.Errorf("a bad proof for %s %s: %v %+v", req.Method, req.URL, err, p.claims)
		}
		d.mu.Lock()
		d.proofs = append(d.proofs, seenProof{url: req.URL, proof: p})
		d.mu.Unlock()
	}
	if d.bearerOnly {
		fwd := *req
		fwd.Header = map[string]string{}
		for k, v := range req.Header {
			if k != "dpop" {
				fwd.Header[k] = v
			}
		}
		req = &fwd
	}
	return d.next.Do(ctx, req)
}

// dpopEnv is an env whose provider offers DPoP and whose browser keeps keys in keys.
type dpopEnv struct {
	*env
	front *dpopProvider
	keys  *goKeys
}

// newDPoPEnv is newEnv with the recording front and a key store, and devidp on the
// test's clock (proofs' iat are checked against it); offered says whether devidp offers
// DPoP.
func newDPoPEnv(t *testing.T, opts sdk.Options, offered bool) *dpopEnv {
	t.Helper()
	e := newEnvWith(t, func(cfg *devidp.Config, clock *fakeClock) {
		cfg.Now, cfg.DisableDPoP = clock.Now, !offered
	}, sdk.Options{})
	d := &dpopEnv{env: e, keys: newGoKeys(), front: &dpopProvider{t: t, next: e.tr}}
	d.c = d.container(d.storage)
	opts.ClientID, opts.Endpoint = clientID, e.issuer
	if err := d.c.Configure(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	return d
}

// container is another container ("tab") of the same browser: same provider and keys.
func (d *dpopEnv) container(storage sdk.Storage) *sdk.Container {
	b := d.browser()
	b.Transport, b.Storage = d.front, storage
	return newContainer(d.t, "", b, sdk.WithClock(d.clock), sdk.WithListener(d.events.listener), sdk.WithDPoPKeys(d.keys))
}
