package sdk

import (
	"context"
	"strings"
)

// prover adds DPoP proofs to the token requests of one login or refresh; a nil prover
// sends them unbound, as a provider without DPoP (or a session made without it) expects.
type prover struct {
	c   *Container
	key *boundKey
}

// tokenProver is the prover for a token request (RFC 9449 §5): nil unless DPoP is on and
// the container has a key. The key is read from the store again (fresh): another tab may
// have replaced it with a new login since this tab cached it.
func (c *Container) tokenProver(ctx context.Context, cfg *config, meta *providerMetadata) *prover {
	if !c.dpopOn(cfg, meta) {
		return nil
	}
	bk := c.currentKey(ctx, true)
	if bk == nil {
		return nil
	}
	return &prover{c: c, key: bk}
}

// send sends the token request req with a proof (RFC 9449 §5), or unbound when pr is nil.
func (pr *prover) send(ctx context.Context, p *provider, req *Request) (*Response, error) {
	if pr == nil {
		return p.send(ctx, req)
	}
	out := &protocolRequest{c: pr.c, method: req.Method, url: req.URL, contentType: req.Header["content-type"], body: req.Body}
	reply, err := pr.c.sendProved(ctx, out, pr.key, "", "")
	if err != nil {
		return nil, err
	}
	return reply.(*Response), nil
}

// sendProved sends out with authorization (may be "") and a fresh proof (ath for a
// resource request), and keeps the DPoP-Nonce the server answers with. When the server
// demands a nonce — the token endpoint's 400 use_dpop_nonce (RFC 9449 §8) or a resource's
// 401 DPoP challenge with that error (§9) — the request is sent once more with a proof
// carrying it (if its body can be sent again); a second demand is the answer.
func (c *Container) sendProved(ctx context.Context, out Outgoing, bk *boundKey, authorization, ath string) (Reply, error) {
	htu, origin, ok := c.htu(out.URL())
	if !ok {
		return out.Send(ctx, Credentials{Authorization: authorization})
	}
	for attempt := 0; ; attempt++ {
		nonce := c.dpop.nonce(origin)
		proof, err := c.sign(ctx, bk, proofClaims{method: out.Method(), url: htu, nonce: nonce, ath: ath})
		if err != nil {
			return nil, err
		}
		reply, err := out.Send(ctx, Credentials{Authorization: authorization, DPoP: proof})
		if err != nil {
			return nil, err
		}
		fresh := reply.HeaderValue("dpop-nonce")
		if fresh == "" || fresh == nonce {
			return reply, nil
		}
		c.dpop.setNonce(origin, fresh)
		if attempt > 0 || !out.Replayable() || !asksForNonce(reply) {
			return reply, nil
		}
	}
}

// asksForNonce reports a server's demand for a proof with its nonce: a 400 whose JSON
// error is use_dpop_nonce (the SDK's own calls, whose body the core reads) or a 401 whose
// challenge names it.
func asksForNonce(reply Reply) bool {
	switch reply.StatusCode() {
	case 400:
		r, ok := reply.(*Response)
		if !ok {
			return false
		}
		obj, err := decodeObject(r.Body)
		return err == nil && stringField(obj, "error") == "use_dpop_nonce"
	case 401:
		return strings.Contains(reply.HeaderValue("www-authenticate"), "use_dpop_nonce")
	}
	return false
}
