package sdk

import "context"

// checkLaterIDToken verifies an ID token that answers no authorization request of this
// browser (a refresh, Authgear's ID-token grant): every check of verifyIDToken but the
// nonce, and the sub must be the held token's (OIDC Core §12.2).
func (c *Container) checkLaterIDToken(ctx context.Context, cfg *config, raw string) error {
	meta, err := c.provider.discover(ctx, cfg)
	if err != nil {
		return err
	}
	return c.verifyIDToken(ctx, meta, cfg.ClientID, raw, idTokenWant{sub: subjectOf(c.Snapshot().IDToken)})
}

// keepRotatedRefreshToken applies the one safe part of a refresh whose ID token failed:
// a rotated refresh token. The old one is spent at a rotating provider, so dropping the
// new one would end the session; the ID token and the access token of that answer are
// not used, and the next call refreshes again.
func (c *Container) keepRotatedRefreshToken(gen uint64, from ledgerRecord, sent string, tok *tokenResponse) {
	if tok.refreshToken == "" {
		return
	}
	c.locked(func() {
		s := c.session
		if s.gen != gen || s.store().Set(s.key(keyRefreshToken), tok.refreshToken) != nil {
			return
		}
		if s.sharesTokensLocked() {
			seq := c.tabs.nextSeq(s.clock.Now(), from.seq)
			c.tabs.sawSeq(seq)
			c.tabs.setLedger(s.key(keyLedger), ledgerRecord{seq: seq, at: s.clock.Now(), refreshToken: tok.refreshToken,
				ancestors: lineageAfter(sent, tok.refreshToken, from)})
		}
	})
}
