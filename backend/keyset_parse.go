package backend

import (
	"context"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/MicahParks/jwkset"
)

// maxJWKSetSize bounds the JWK Set response read from the provider. Real
// sets hold a few keys of a few hundred bytes each.
const maxJWKSetSize = 1 << 20

// errNoUsableKey means a JWK Set answer held no key the verifier can use;
// the keys already held are kept rather than replaced by nothing.
var errNoUsableKey = errors.New("no usable signing key in the JWK Set")

// parseJWKSet decodes a JWK Set (RFC 7517 §5) key by key, so that one key
// the verifier cannot use (malformed, of an unknown type or curve, off its
// curve, meant for encryption) is skipped with its reason instead of
// discarding every key: RFC 7517 §5 asks implementations to ignore JWKs
// they do not understand. jwkset's own HTTP storage decodes the set in one
// piece and clears its keys on the first bad one, which is why this step is
// ours. A set with no usable key at all is an error.
func parseJWKSet(body []byte) (*jwkset.MemoryJWKSet, []error, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, nil, fmt.Errorf("decoding the JWK Set: %w", err)
	}
	store := jwkset.NewMemoryStorage()
	seen := make(map[string]bool, len(set.Keys))
	var skipped []error
	for i, raw := range set.Keys {
		jwk, err := parseJWK(raw)
		if err == nil && seen[jwk.Marshal().KID] {
			err = errors.New("a second key with the same kid") // RFC 7517 §4.5: kids are distinct
		}
		if err != nil {
			skipped = append(skipped, fmt.Errorf("key %d: %w", i, err))
			continue
		}
		seen[jwk.Marshal().KID] = true
		_ = store.KeyWrite(context.Background(), jwk) // memory storage: cannot fail
	}
	if len(seen) == 0 {
		return nil, skipped, fmt.Errorf("%w (%d keys, all skipped)", errNoUsableKey, len(set.Keys))
	}
	return store, skipped, nil
}

// parseJWK turns one JWK into a public signature key: RSA or EC (the key
// types of validMethods), with a kid, not marked for encryption.
func parseJWK(raw json.RawMessage) (jwkset.JWK, error) {
	var m jwkset.JWKMarshal
	if err := json.Unmarshal(raw, &m); err != nil {
		return jwkset.JWK{}, err
	}
	if m.KID == "" {
		return jwkset.JWK{}, errors.New("no kid: tokens name their key by kid")
	}
	if m.USE == jwkset.UseEnc {
		return jwkset.JWK{}, errors.New(`use "enc": not a signature key (RFC 7517 §4.2)`)
	}
	// Private stays false: a private part a careless provider published is dropped.
	jwk, err := jwkset.NewJWKFromMarshal(m, jwkset.JWKMarshalOptions{}, jwkset.JWKValidateOptions{})
	if err != nil {
		return jwkset.JWK{}, err
	}
	switch pub := jwk.Key().(type) {
	case *rsa.PublicKey:
		return jwk, nil
	case *ecdsa.PublicKey:
		if _, err := pub.ECDH(); err != nil { // checks the point is on its curve
			return jwkset.JWK{}, fmt.Errorf("EC key: %w", err)
		}
		return jwk, nil
	default:
		return jwkset.JWK{}, fmt.Errorf("key type %q cannot verify RS256 or ES256", m.KTY)
	}
}
