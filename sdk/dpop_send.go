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

// send sends req with a fresh proof and keeps the DPoP-Nonce the server answers with.
// When the server demands a nonce (RFC 9449 §8: use_dpop_nonce with a DPoP-Nonce), the
// request is sent once more with a proof carrying it; a second demand is the answer.
func (pr *prover) send(ctx context.Context, p *provider, req *Request) (*Response, error) {
	if pr == nil {
		return p.send(ctx, req)
	}
	htu, origin, ok := pr.c.htu(req.URL)
	if !ok {
		return p.send(ctx, req)
	}
	for attempt := 0; ; attempt++ {
		nonce := pr.c.dpop.nonce(origin)
		proof, err := pr.c.sign(ctx, pr.key, proofClaims{method: req.Method, url: htu, nonce: nonce})
		if err != nil {
			return nil, err
		}
		req.Header["dpop"] = proof
		resp, err := p.send(ctx, req)
		if err != nil {
			return nil, err
		}
		fresh := resp.Header["dpop-nonce"]
		if fresh != "" {
			pr.c.dpop.setNonce(origin, fresh)
		}
		if attempt > 0 || fresh == "" || fresh == nonce || !asksForNonce(resp.Status, resp.Header["www-authenticate"], resp.Body) {
			return resp, nil
		}
	}
}

// asksForNonce reports a server's demand for a proof with its nonce: the authorization
// server's use_dpop_nonce error (RFC 9449 §8, a 400 JSON error) or a resource server's
// DPoP challenge with that error (§9, a 401).
func asksForNonce(status int, challenge string, body []byte) bool {
	switch status {
	case 400:
		obj, err := decodeObject(body)
		return err == nil && stringField(obj, "error") == "use_dpop_nonce"
	case 401:
		return schemeParam(challenge, "dpop", "error") == "use_dpop_nonce"
	}
	return false
}

// schemeParam is one auth-param of the named scheme's challenge in a WWW-Authenticate
// value (RFC 9110 §11.6.1), "" when absent. Bearer's is challengeParam.
func schemeParam(header, scheme, name string) string {
	lower := strings.ToLower(header)
	for i := 0; ; {
		j := strings.Index(lower[i:], scheme)
		if j < 0 {
			return ""
		}
		start := i + j
		end := start + len(scheme)
		if (start == 0 || lower[start-1] == ' ' || lower[start-1] == ',') && (end == len(lower) || lower[end] == ' ') {
			return challengeParam("Bearer"+header[end:], name)
		}
		i = end
	}
}
