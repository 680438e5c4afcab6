//go:build js && wasm

package jsbridge

import (
	"bytes"
	"testing"

	"github.com/hack-pad/safejs"
)

// verifyES256 checks sig over data with the raw public point, in WebCrypto: what a
// server does with the proof's jwk.
func verifyES256(t *testing.T, point safejs.Value, data, sig []byte) bool {
	t.Helper()
	verify := evalJS(t, `(async (point, data, sig) => {
		const key = await crypto.subtle.importKey("raw", point, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
		return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, sig, data);
	})`)
	d, _ := uint8Array(data)
	s, _ := uint8Array(sig)
	p, err := verify.Invoke(point, d, s)
	if err != nil {
		t.Fatal(err)
	}
	ok, err := await(testCtx(t), p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ok.Bool()
	return b
}

func TestDPoPKeys_SurviveInIndexedDBAndCannotBeExported(t *testing.T) {
	ctx := testCtx(t)
	keys := NewDPoPKeys(NewIDBLedger())
	made, err := keys.Generate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	x, y := made.PublicKey()
	if len(x) != 32 || len(y) != 32 {
		t.Fatalf("public point %d+%d bytes, want 32+32", len(x), len(y))
	}
	if err := keys.Save(ctx, "authgear_test_dpopKey", made); err != nil {
		t.Fatal(err)
	}
	// Another tab: its own connection to the database finds the same key.
	loaded, err := NewDPoPKeys(NewIDBLedger()).Load(ctx, "authgear_test_dpopKey")
	if err != nil || loaded == nil {
		t.Fatalf("load: %v, %v", loaded, err)
	}
	if lx, ly := loaded.PublicKey(); !bytes.Equal(lx, x) || !bytes.Equal(ly, y) {
		t.Fatal("the loaded key has another public point")
	}
	data := []byte("header.claims")
	sig, err := loaded.Sign(ctx, data)
	if err != nil || len(sig) != 64 {
		t.Fatalf("sign: %d bytes, %v", len(sig), err)
	}
	point, err := getProp(made.(*webKey).record, "publicPoint")
	if err != nil {
		t.Fatal(err)
	}
	if !verifyES256(t, point, data, sig) || verifyES256(t, point, []byte("other"), sig) {
		t.Fatal("the signature does not verify with the public key (or verifies anything)")
	}
	// The private key stays inside WebCrypto, in every format.
	for _, format := range []string{"jwk", "pkcs8"} {
		subtle, _ := subtleCrypto()
		p, err := subtle.Call("exportKey", format, loaded.(*webKey).private)
		if err == nil {
			_, err = await(ctx, p)
		}
		if err == nil {
			t.Fatalf("exportKey(%q) of the stored private key succeeded", format)
		}
	}
	if err := keys.Delete(ctx, "authgear_test_dpopKey"); err != nil {
		t.Fatal(err)
	}
	if gone, err := keys.Load(ctx, "authgear_test_dpopKey"); err != nil || gone != nil {
		t.Fatalf("after delete: %v, %v", gone, err)
	}
}
