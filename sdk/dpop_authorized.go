package sdk

import (
	"context"
	"strings"
)

// sendWithToken sends out with the Authorization header and, for a DPoP token, a proof
// for this request (RFC 9449 §7: htm, htu, ath of the token, the origin's nonce). A
// resource server that demands a nonce (a 401 DPoP challenge with use_dpop_nonce and a
// DPoP-Nonce, §9) gets the request once more with a proof carrying it.
func (c *Container) sendWithToken(ctx context.Context, out Outgoing, header string) (Reply, error) {
	creds, origin, err := c.tokenCredentials(ctx, out, header)
	if err != nil {
		return nil, err
	}
	reply, err := out.Send(ctx, creds)
	if err != nil || creds.DPoP == "" {
		return reply, err
	}
	sent := c.dpop.nonce(origin)
	fresh := reply.HeaderValue("dpop-nonce")
	if fresh == "" {
		return reply, nil
	}
	c.dpop.setNonce(origin, fresh)
	var body []byte
	if r, ok := reply.(*Response); ok {
		body = r.Body // the SDK's own calls: a token endpoint answers 400 use_dpop_nonce
	}
	if fresh == sent || !out.Replayable() || !asksForNonce(reply.StatusCode(), reply.HeaderValue("www-authenticate"), body) {
		return reply, nil
	}
	if creds, _, err = c.tokenCredentials(ctx, out, header); err != nil {
		return nil, err
	}
	return out.Send(ctx, creds)
}

// tokenCredentials are the credentials for header on out: a DPoP token gets a new
// proof. Without the key (it could not be read) the token goes without one and the
// server answers as it must: the session is not ended here.
func (c *Container) tokenCredentials(ctx context.Context, out Outgoing, header string) (Credentials, string, error) {
	token, isDPoP := strings.CutPrefix(header, "DPoP ")
	if !isDPoP {
		return Credentials{Authorization: header}, "", nil
	}
	if r, ok := out.(*protocolRequest); ok {
		if err := r.resolveURL(ctx); err != nil {
			return Credentials{}, "", err
		}
	}
	htu, origin, ok := c.htu(out.URL())
	bk := c.currentKey(ctx, false)
	if !ok || bk == nil {
		return Credentials{Authorization: header}, origin, nil
	}
	ath, err := c.accessTokenHash(ctx, token)
	if err != nil {
		return Credentials{}, "", err
	}
	proof, err := c.sign(ctx, bk, proofClaims{method: out.Method(), url: htu, nonce: c.dpop.nonce(origin), ath: ath})
	if err != nil {
		return Credentials{}, "", err
	}
	return Credentials{Authorization: header, DPoP: proof}, origin, nil
}
