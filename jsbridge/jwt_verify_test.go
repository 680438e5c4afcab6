//go:build js && wasm

package jsbridge

import (
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// jwsVectors are JWTs signed by golang-jwt (an implementation independent of WebCrypto)
// with an RSA-2048 and a P-256 key, and the public JWKs.
//
//go:embed testdata/jws_vectors.json
var jwsVectors []byte

func TestWebVerifier_VerifiesEveryAlgAndRefusesTampering(t *testing.T) {
	var vectors []struct {
		Alg   string            `json:"alg"`
		JWK   map[string]string `json:"jwk"`
		Token string            `json:"token"`
	}
	if err := json.Unmarshal(jwsVectors, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors) != 3 {
		t.Fatalf("%d vectors, want RS256, PS256 and ES256", len(vectors))
	}
	for _, v := range vectors {
		t.Run(v.Alg, func(t *testing.T) {
			key := &sdk.JWK{Kty: v.JWK["kty"], N: v.JWK["n"], E: v.JWK["e"], Crv: v.JWK["crv"], X: v.JWK["x"], Y: v.JWK["y"]}
			dot := strings.LastIndexByte(v.Token, '.')
			input := []byte(v.Token[:dot])
			sig, err := base64.RawURLEncoding.DecodeString(v.Token[dot+1:])
			if err != nil {
				t.Fatal(err)
			}
			ok, err := WebVerifier{}.Verify(testCtx(t), v.Alg, key, input, sig)
			if err != nil || !ok {
				t.Fatalf("the genuine signature: %v, %v; want true", ok, err)
			}
			tampered := append([]byte(nil), input...)
			tampered[len(tampered)-1] ^= 1
			if ok, err := (WebVerifier{}).Verify(testCtx(t), v.Alg, key, tampered, sig); ok || err != nil {
				t.Errorf("a changed payload: %v, %v; want false", ok, err)
			}
			random := make([]byte, len(sig))
			for i := range random {
				random[i] = byte(i*7 + 1)
			}
			if ok, err := (WebVerifier{}).Verify(testCtx(t), v.Alg, key, input, random); ok || err != nil {
				t.Errorf("a random signature: %v, %v; want false", ok, err)
			}
		})
	}
	rsa := vectors[0]
	if ok, err := (WebVerifier{}).Verify(testCtx(t), "PS256", &sdk.JWK{Kty: "RSA", N: rsa.JWK["n"], E: rsa.JWK["e"]},
		[]byte(rsa.Token[:strings.LastIndexByte(rsa.Token, '.')]), mustB64(t, rsa.Token[strings.LastIndexByte(rsa.Token, '.')+1:])); ok || err != nil {
		t.Errorf("an RS256 signature checked as PS256: %v, %v; want false", ok, err)
	}
}

func mustB64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
