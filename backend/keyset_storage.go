package backend

import (
	"context"
	"encoding/json"

	"github.com/MicahParks/jwkset"
)

// The rest of jwkset.Storage, for keyfunc and anyone reading the verifier's
// keys through it: each reads or changes the set held now. Like jwkset's own
// HTTP storage, a key written or deleted here lasts until the next refresh.

// KeyDelete removes kid from the held set.
func (s *keyStore) KeyDelete(ctx context.Context, kid string) (bool, error) {
	return s.current.Load().KeyDelete(ctx, kid)
}

// KeyReadAll returns a snapshot of the held keys.
func (s *keyStore) KeyReadAll(ctx context.Context) ([]jwkset.JWK, error) {
	return s.current.Load().KeyReadAll(ctx)
}

// KeyWrite adds a key to the held set, until the next refresh.
func (s *keyStore) KeyWrite(ctx context.Context, jwk jwkset.JWK) error {
	return s.current.Load().KeyWrite(ctx, jwk)
}

// JSON renders the held set.
func (s *keyStore) JSON(ctx context.Context) (json.RawMessage, error) {
	return s.current.Load().JSON(ctx)
}

// JSONPublic renders the public keys of the held set.
func (s *keyStore) JSONPublic(ctx context.Context) (json.RawMessage, error) {
	return s.current.Load().JSONPublic(ctx)
}

// JSONPrivate renders the held set with private parts; the verifier never
// keeps any.
func (s *keyStore) JSONPrivate(ctx context.Context) (json.RawMessage, error) {
	return s.current.Load().JSONPrivate(ctx)
}

// JSONWithOptions renders the held set with the given options.
func (s *keyStore) JSONWithOptions(ctx context.Context, m jwkset.JWKMarshalOptions, v jwkset.JWKValidateOptions) (json.RawMessage, error) {
	return s.current.Load().JSONWithOptions(ctx, m, v)
}

// Marshal returns the held set as a marshalable value.
func (s *keyStore) Marshal(ctx context.Context) (jwkset.JWKSMarshal, error) {
	return s.current.Load().Marshal(ctx)
}

// MarshalWithOptions returns the held set as a marshalable value, with the
// given options.
func (s *keyStore) MarshalWithOptions(ctx context.Context, m jwkset.JWKMarshalOptions, v jwkset.JWKValidateOptions) (jwkset.JWKSMarshal, error) {
	return s.current.Load().MarshalWithOptions(ctx, m, v)
}

var _ jwkset.Storage = (*keyStore)(nil)
