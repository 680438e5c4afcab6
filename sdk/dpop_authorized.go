package sdk

import (
	"context"
	"strings"
)

// sendWithToken sends out with the Authorization header and, for a DPoP token, a proof
// for this request (RFC 9449 §7: htm, htu, ath of the token, the origin's nonce). Without
// the key (it could not be read) the token goes without a proof and the server answers
// as it must: the session is not ended here.
func (c *Container) sendWithToken(ctx context.Context, out Outgoing, header string) (Reply, error) {
	token, isDPoP := strings.CutPrefix(header, "DPoP ")
	if !isDPoP {
		return out.Send(ctx, Credentials{Authorization: header})
	}
	if r, ok := out.(*protocolRequest); ok {
		if err := r.resolveURL(ctx); err != nil {
			return nil, err
		}
	}
	bk := c.currentKey(ctx, false)
	if bk == nil {
		return out.Send(ctx, Credentials{Authorization: header})
	}
	ath, err := c.accessTokenHash(ctx, token)
	if err != nil {
		return nil, err
	}
	return c.sendProved(ctx, out, bk, header, ath)
}
