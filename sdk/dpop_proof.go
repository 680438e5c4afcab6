package sdk

import (
	"context"
	"encoding/base64"
	"strconv"
)

// jtiBytes is the entropy of a proof's jti: 128 bits, so a server's replay cache never
// sees two proofs share one by chance (RFC 9449 §4.2 asks for at least 96).
const jtiBytes = 16

var b64 = base64.RawURLEncoding

// describeKey computes the public JWK (RFC 7517, members of RFC 7518 §6.2.1) and its
// RFC 7638 thumbprint once per key: SHA-256 over the required members in lexicographic
// order, without whitespace.
func (c *Container) describeKey(ctx context.Context, k DPoPKey, memoryOnly bool) (*boundKey, error) {
	x, y := k.PublicKey()
	if len(x) != 32 || len(y) != 32 {
		return nil, wrapError(ErrInternal, "the DPoP key is not a P-256 key")
	}
	members := `"crv":"P-256","kty":"EC","x":"` + b64.EncodeToString(x) + `","y":"` + b64.EncodeToString(y) + `"`
	sum, err := c.crypto.SHA256(ctx, []byte("{"+members+"}"))
	if err != nil {
		return nil, err
	}
	header := `{"typ":"dpop+jwt","alg":"ES256","jwk":{` + members + `}}`
	return &boundKey{key: k, header: b64.EncodeToString([]byte(header)), thumbprint: b64.EncodeToString(sum), memoryOnly: memoryOnly}, nil
}

// proofClaims are the varying parts of one DPoP proof (RFC 9449 §4.2).
type proofClaims struct {
	method string // htm
	url    string // htu: the target URL without query and fragment
	nonce  string // the server's DPoP-Nonce, "" when it sent none
	ath    string // base64url SHA-256 of the access token, for resource requests only
}

// sign makes one DPoP proof JWT (RFC 9449 §4.2): the header names typ dpop+jwt, ES256
// and the public JWK; the claims are a fresh jti, htm, htu and iat, then nonce and ath
// when there are. Each call signs a new proof: a proof is never reused.
func (c *Container) sign(ctx context.Context, bk *boundKey, p proofClaims) (string, error) {
	jti, err := randomString(c.crypto, jtiBytes)
	if err != nil {
		return "", err
	}
	fields := appendIfSet(appendIfSet([][2]string{{"jti", jti}, {"htm", p.method}, {"htu", p.url}}, "nonce", p.nonce), "ath", p.ath)
	claims := jsonObject(fields)
	claims = claims[:len(claims)-1] + `,"iat":` + strconv.FormatInt(c.session.clock.Now().Unix(), 10) + "}"
	input := bk.header + "." + b64.EncodeToString([]byte(claims))
	sig, err := bk.key.Sign(ctx, []byte(input))
	if err != nil {
		return "", err
	}
	if len(sig) != 64 {
		return "", wrapError(ErrInternal, "the DPoP signature is not ES256's r||s")
	}
	return input + "." + b64.EncodeToString(sig), nil
}

// htu is a proof's target (RFC 9449 §4.2): the request URL without query and fragment,
// as the browser's URL parser normalises it; ok is false when it cannot be parsed.
func (c *Container) htu(raw string) (target, origin string, ok bool) {
	u, err := c.urls.Parse(raw, "")
	if err != nil || u.Origin == "" || u.Origin == "null" {
		return "", "", false
	}
	return u.Origin + u.Pathname, u.Origin, true
}

// accessTokenHash is the proof's ath (RFC 9449 §4.2): base64url SHA-256 of the access
// token's ASCII, cached for the token in use.
func (c *Container) accessTokenHash(ctx context.Context, token string) (string, error) {
	d := &c.dpop
	d.mu.Lock()
	if d.athFor == token && d.ath != "" {
		ath := d.ath
		d.mu.Unlock()
		return ath, nil
	}
	d.mu.Unlock()
	sum, err := c.crypto.SHA256(ctx, []byte(token))
	if err != nil {
		return "", err
	}
	ath := b64.EncodeToString(sum)
	d.mu.Lock()
	d.athFor, d.ath = token, ath
	d.mu.Unlock()
	return ath, nil
}
