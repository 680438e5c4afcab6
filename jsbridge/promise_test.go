//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

func awaitTest(t *testing.T, p safejs.Value) (safejs.Value, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return await(ctx, p)
}

func TestNewPromise_ResolvesWithConvertedValue(t *testing.T) {
	v, err := awaitTest(t, newPromise(func() (any, error) {
		return map[string]any{"a": "b", "n": 2}, nil
	}))
	if err != nil {
		t.Fatalf("await: %v", err)
	}
	a, _ := stringProp(v, "a")
	n, _ := v.Get("n")
	if num, _ := n.Int(); a != "b" || num != 2 {
		t.Fatalf("resolved %q %d, want b 2", a, num)
	}
}

func TestNewPromise_RejectsWithErrorObject(t *testing.T) {
	_, err := awaitTest(t, newPromise(func() (any, error) {
		return nil, &sdk.OAuthError{Code: "invalid_grant", Description: "gone"}
	}))
	var je *JSError
	if !errors.As(err, &je) || je.Name != "OAuthError" {
		t.Fatalf("rejection %v, want an OAuthError object", err)
	}
}

func TestNewPromise_PanicRejectsAndBridgeKeepsWorking(t *testing.T) {
	_, err := awaitTest(t, newPromise(func() (any, error) {
		var m map[string]int
		m["boom"] = 1 // a real runtime panic: assignment to a nil map
		return nil, nil
	}))
	var je *JSError
	if !errors.As(err, &je) || je.Name != "AuthgearError" {
		t.Fatalf("rejection %v, want AuthgearError", err)
	}
	v, err := awaitTest(t, newPromise(func() (any, error) { return "still alive", nil }))
	if s, _ := v.String(); err != nil || s != "still alive" {
		t.Fatalf("after a panic: %q, %v", s, err)
	}
}

func TestExportMethod_PanicWhileParsingArgumentsRejects(t *testing.T) {
	obj, _ := safejs.ValueOf(map[string]any{})
	if err := exportMethod(obj, "explode", func([]safejs.Value) (func(context.Context) (any, error), error) { panic("parse bug") }); err != nil {
		t.Fatal(err)
	}
	p, err := obj.Call("explode")
	if err != nil {
		t.Fatalf("a panic crossed into JavaScript: %v", err)
	}
	if _, err := awaitTest(t, p); !isJSErrorNamed(err, "AuthgearError") {
		t.Fatalf("rejection %v, want AuthgearError", err)
	}
}
