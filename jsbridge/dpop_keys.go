//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// DPoPKeys is sdk.DPoPKeys over WebCrypto and the IndexedDB database of the ledger: the
// private key is made with extractable: false and stored as a CryptoKey by structured
// clone, so no script — this SDK's included — can read it out; every tab of the origin
// finds the same key. The record shares the ledger's object store under its own key
// (authgear_${name}_dpopKey), so the database needs no new version.
type DPoPKeys struct {
	db *IDBLedger
}

// NewDPoPKeys keeps keys in db's database.
func NewDPoPKeys(db *IDBLedger) *DPoPKeys { return &DPoPKeys{db: db} }

// webKey is one key pair as stored: the record {privateKey, publicPoint} holds the
// private CryptoKey, which never leaves WebCrypto, and the public point, exported once
// when the key is made (a public key is always exportable).
type webKey struct {
	record, private safejs.Value
	x, y            []byte
}

// PublicKey implements sdk.DPoPKey.
func (k *webKey) PublicKey() (x, y []byte) { return k.x, k.y }

// Sign implements sdk.DPoPKey with ECDSA P-256 SHA-256 (RFC 7518 §3.4): WebCrypto's
// signature is r||s, JWS's format.
func (k *webKey) Sign(ctx context.Context, data []byte) ([]byte, error) {
	subtle, err := subtleCrypto()
	if err != nil {
		return nil, err
	}
	arr, err := uint8Array(data)
	if err != nil {
		return nil, err
	}
	promise, err := subtle.Call("sign", map[string]any{"name": "ECDSA", "hash": "SHA-256"}, k.private, arr)
	if err != nil {
		return nil, err
	}
	sig, err := await(ctx, promise)
	if err != nil {
		return nil, err
	}
	return bytesFromBuffer(sig)
}

// Generate implements sdk.DPoPKeys: an ECDSA P-256 pair whose private key is not extractable.
func (*DPoPKeys) Generate(ctx context.Context) (sdk.DPoPKey, error) {
	subtle, err := subtleCrypto()
	if err != nil {
		return nil, err
	}
	promise, err := subtle.Call("generateKey", map[string]any{"name": "ECDSA", "namedCurve": "P-256"}, false,
		[]any{"sign", "verify"})
	if err != nil {
		return nil, err
	}
	pair, err := await(ctx, promise)
	if err != nil {
		return nil, err
	}
	public, err := getProp(pair, "publicKey")
	if err != nil {
		return nil, err
	}
	if promise, err = subtle.Call("exportKey", "raw", public); err != nil {
		return nil, err
	}
	raw, err := await(ctx, promise)
	if err != nil {
		return nil, err
	}
	// The pair, with the exported point added, is the record Save stores.
	if err := pair.Set("publicPoint", raw); err != nil {
		return nil, err
	}
	k, err := keyFromRecord(pair)
	if k == nil {
		return nil, errors.Join(errors.New("wasmgear: generateKey made no private key"), err)
	}
	return k, nil
}

// keyFromRecord reads a stored record; the public point is uncompressed P-256 (0x04 || x
// || y, SEC 1 §2.3.3). A record that is not one is no key.
func keyFromRecord(rec safejs.Value) (*webKey, error) {
	private, err := getProp(rec, "privateKey")
	if err != nil || !isObject(private) {
		return nil, err
	}
	raw, err := getProp(rec, "publicPoint")
	if err != nil {
		return nil, err
	}
	point, err := bytesFromBuffer(raw)
	if err != nil {
		return nil, err
	}
	if len(point) != 65 || point[0] != 4 {
		return nil, errors.New("wasmgear: the DPoP public key is not an uncompressed P-256 point")
	}
	return &webKey{record: rec, private: private, x: point[1:33], y: point[33:]}, nil
}

// Load implements sdk.DPoPKeys.
func (d *DPoPKeys) Load(ctx context.Context, name string) (sdk.DPoPKey, error) {
	_, store, err := d.db.store(ctx, "readonly")
	if err != nil {
		return nil, err
	}
	req, err := store.Call("get", name)
	if err != nil {
		return nil, err
	}
	rec, err := awaitEvent(ctx, req, "success", "error", "result")
	if err != nil || !isObject(rec) {
		return nil, err
	}
	k, err := keyFromRecord(rec)
	if k == nil {
		return nil, err // a nil *webKey must not become a non-nil sdk.DPoPKey
	}
	return k, err
}

// Save implements sdk.DPoPKeys; it returns once the transaction has committed, so every
// tab's next read finds the key.
func (d *DPoPKeys) Save(ctx context.Context, name string, key sdk.DPoPKey) error {
	k, ok := key.(*webKey)
	if !ok {
		return errors.New("wasmgear: not a WebCrypto DPoP key")
	}
	tx, store, err := d.db.store(ctx, "readwrite")
	if err != nil {
		return err
	}
	if _, err := store.Call("put", k.record, name); err != nil {
		return err
	}
	_, err = awaitEvent(ctx, tx, "complete", "error", "")
	return err
}

// Delete implements sdk.DPoPKeys: the ledger's delete, which the record shares.
func (d *DPoPKeys) Delete(ctx context.Context, name string) error { return d.db.Delete(ctx, name) }
