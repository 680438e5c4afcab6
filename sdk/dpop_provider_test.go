package sdk_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// dpopProvider puts a DPoP front on devidp, as a provider that offers DPoP looks from the
// SDK (RFC 9449 §5, §8): discovery lists ES256, a token request with a valid proof gets a
// DPoP token, a nonce can be demanded and rotated, and a DPoP access token is accepted
// at userinfo only with a proof naming it. Every proof is checked and recorded.
type dpopProvider struct {
	t      *testing.T
	next   sdk.Transport
	issuer string
	// advertise lists ES256 in discovery; bearerOnly answers Bearer even to a proof.
	advertise, bearerOnly bool

	mu     sync.Mutex // guards the fields below
	nonce  string     // demanded by the token endpoint when set
	proofs []seenProof
}

// seenProof is one proof that reached the provider, and the request it came with.
type seenProof struct {
	url string
	proof
}

func (d *dpopProvider) setNonce(n string) {
	d.mu.Lock()
	d.nonce = n
	d.mu.Unlock()
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
	path := strings.TrimPrefix(req.URL, d.issuer)
	raw := req.Header["dpop"]
	var p proof
	if raw != "" {
		var err error
		if p, err = parseProof(raw); err != nil {
			return jsonAnswer(400, `{"error":"invalid_dpop_proof"}`, nil), nil
		}
		if p.claim("htm") != req.Method || p.claim("htu") != strings.SplitN(req.URL, "?", 2)[0] {
			return jsonAnswer(400, `{"error":"invalid_dpop_proof"}`, nil), nil
		}
		d.mu.Lock()
		d.proofs = append(d.proofs, seenProof{url: req.URL, proof: p})
		nonce := d.nonce
		d.mu.Unlock()
		if path == "/oauth2/token" && nonce != "" && p.claim("nonce") != nonce {
			return jsonAnswer(400, `{"error":"use_dpop_nonce"}`, map[string]string{"dpop-nonce": nonce}), nil
		}
	}
	if token, ok := strings.CutPrefix(req.Header["authorization"], "DPoP "); ok {
		if raw == "" || p.claim("ath") != athOf(token) {
			return jsonAnswer(401, `{}`, map[string]string{"www-authenticate": `DPoP error="invalid_token"`}), nil
		}
		fwd := *req
		fwd.Header = map[string]string{"authorization": "Bearer " + token}
		req = &fwd
	}
	resp, err := d.next.Do(ctx, req)
	if err != nil || resp.Status != 200 {
		return resp, err
	}
	switch {
	case path == "/.well-known/openid-configuration" && d.advertise:
		resp.Body = append([]byte(`{"dpop_signing_alg_values_supported":["RS256","ES256"],`), resp.Body[1:]...)
	case path == "/oauth2/token" && raw != "" && !d.bearerOnly:
		resp.Body = []byte(strings.Replace(string(resp.Body), `"token_type":"Bearer"`, `"token_type":"DPoP"`, 1))
	}
	return resp, nil
}

func jsonAnswer(status int, body string, header map[string]string) *sdk.Response {
	h := map[string]string{"content-type": "application/json"}
	for k, v := range header {
		h[k] = v
	}
	return &sdk.Response{Status: status, Header: h, Body: []byte(body)}
}

// dpopEnv is an env whose provider offers DPoP and whose browser keeps keys in keys.
type dpopEnv struct {
	*env
	idp  *dpopProvider
	keys *goKeys
}

// newDPoPEnv is newEnv with the DPoP front and a key store; advertise says whether
// discovery lists ES256.
func newDPoPEnv(t *testing.T, opts sdk.Options, advertise bool) *dpopEnv {
	t.Helper()
	e := newEnv(t, sdk.Options{})
	d := &dpopEnv{env: e, keys: newGoKeys(), idp: &dpopProvider{t: t, next: e.tr, issuer: e.issuer, advertise: advertise}}
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
	b.Transport, b.Storage = d.idp, storage
	return newContainer(d.t, "", b, sdk.WithClock(d.clock), sdk.WithListener(d.events.listener), sdk.WithDPoPKeys(d.keys))
}
