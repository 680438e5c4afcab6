//go:build js && wasm

package jsbridge

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestFetchTransport_SendsRequestAndReadsResponse(t *testing.T) {
	var tr FetchTransport
	resp, err := tr.Do(testCtx(t), &sdk.Request{
		Method: "POST", URL: "/echo?status=201",
		Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Custom": "1"},
		Body:   "a=b&c=d",
	})
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	if resp.Status != 201 || resp.Header["x-echo"] != "yes" {
		t.Fatalf("status %d, headers %v", resp.Status, resp.Header)
	}
	for _, want := range []string{`"method":"POST"`, `"body":"a=b\u0026c=d"`, `"x-custom":"1"`} {
		if !strings.Contains(string(resp.Body), want) {
			t.Errorf("body %s lacks %s", resp.Body, want)
		}
	}
}

func TestFetchTransport_NetworkFailureIsAnError(t *testing.T) {
	var tr FetchTransport
	_, err := tr.Do(testCtx(t), &sdk.Request{Method: "GET", URL: "http://127.0.0.1:1/unreachable"})
	if !isJSErrorNamed(err, "TypeError") {
		t.Fatalf("err = %v, want fetch's TypeError", err)
	}
}

func TestFetchTransport_ContextCancelAborts(t *testing.T) {
	var tr FetchTransport
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.Do(ctx, &sdk.Request{Method: "GET", URL: "/echo"}); !errors.Is(err, context.Canceled) && !isJSErrorNamed(err, "AbortError") {
		t.Fatalf("err = %v, want cancellation", err)
	}
}

func TestFetchTransport_UsesConfiguredFetch(t *testing.T) {
	calls := 0
	custom, _ := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		calls++
		fetch, _ := safejs.Global().Get("fetch")
		p, _ := fetch.Invoke(args[0], args[1])
		return p
	})
	defer custom.Release()
	var tr FetchTransport
	tr.SetFetch(custom.Value())
	if _, err := tr.Do(testCtx(t), &sdk.Request{Method: "GET", URL: "/echo"}); err != nil || calls != 1 {
		t.Fatalf("calls=%d err=%v", calls, err)
	}
}

func TestWebCrypto_SHA256KnownVector(t *testing.T) {
	sum, err := WebCrypto{}.SHA256(testCtx(t), []byte("abc"))
	if err != nil {
		t.Fatal(err)
	}
	const want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" // FIPS 180-2 B.1
	if got := hex.EncodeToString(sum); got != want {
		t.Fatalf("sha256(abc) = %s", got)
	}
}

func TestWebCrypto_RandomBytesDiffer(t *testing.T) {
	a, err1 := WebCrypto{}.RandomBytes(32)
	b, err2 := WebCrypto{}.RandomBytes(32)
	if err1 != nil || err2 != nil || len(a) != 32 || string(a) == string(b) {
		t.Fatalf("random: %x %x %v %v", a, b, err1, err2)
	}
}

func TestURLParser(t *testing.T) {
	tests := []struct {
		name, raw, base string
		want            sdk.URL
		wantErr         bool
	}{
		{name: "absolute", raw: "https://Example.com:443/a?x=1&x=2&y=%20#h",
			want: sdk.URL{Protocol: "https:", Hostname: "example.com", Port: "", Pathname: "/a", Search: "?x=1&x=2&y=%20", Hash: "#h", Origin: "https://example.com",
				Query: map[string]string{"x": "1", "y": " "}}},
		{name: "ipv6 loopback", raw: "http://[::1]:8080", want: sdk.URL{Protocol: "http:", Hostname: "[::1]", Port: "8080", Pathname: "/", Origin: "http://[::1]:8080", Query: map[string]string{}}},
		{name: "relative with base", raw: "/api?q", base: "http://127.0.0.1:9/x/y", want: sdk.URL{Protocol: "http:", Hostname: "127.0.0.1", Port: "9", Pathname: "/api", Search: "?q", Origin: "http://127.0.0.1:9", Query: map[string]string{"q": ""}}},
		{name: "relative without base", raw: "/api", wantErr: true},
		{name: "garbage", raw: "http://[zz]/", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := URLParser{}.Parse(tt.raw, tt.base)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Parse(%q) = %+v, want error", tt.raw, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Protocol != tt.want.Protocol || got.Hostname != tt.want.Hostname || got.Port != tt.want.Port ||
				got.Pathname != tt.want.Pathname || got.Search != tt.want.Search || got.Hash != tt.want.Hash || got.Origin != tt.want.Origin {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if len(got.Query) != len(tt.want.Query) {
				t.Errorf("query %v, want %v", got.Query, tt.want.Query)
			}
			for k, v := range tt.want.Query {
				if got.Query[k] != v {
					t.Errorf("query[%q] = %q, want %q", k, got.Query[k], v)
				}
			}
		})
	}
}
