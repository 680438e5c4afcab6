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
	if err := exportMethod(obj, "explode", func([]safejs.Value) (func(context.Context) (any, error), error) { panic("parse bug") }, false, nowContext(), safejs.Undefined()); err != nil {
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

// A quick method answers inside the call when it can, waits in a goroutine when it says
// errNotNow, and a panic in its synchronous attempt rejects like any other.
func TestExportMethod_AnswersNowOrWaits(t *testing.T) {
	obj, _ := safejs.ValueOf(map[string]any{})
	resolved, err := resolvedPromise()
	if err != nil {
		t.Fatal(err)
	}
	works := map[string]func(ctx context.Context) (any, error){
		"now": func(ctx context.Context) (any, error) { return nil, nil },
		"later": func(ctx context.Context) (any, error) {
			if mustAnswerNow(ctx) {
				return nil, errNotNow
			}
			return "waited", nil
		},
		"explode": func(ctx context.Context) (any, error) { panic("quick bug") },
	}
	for name, work := range works {
		work := work
		if err := exportMethod(obj, name, func([]safejs.Value) (func(context.Context) (any, error), error) { return work, nil }, true, nowContext(), resolved); err != nil {
			t.Fatal(err)
		}
	}
	p, _ := obj.Call("now")
	if !p.Equal(resolved) {
		t.Fatal("an answer known at once made a Promise of its own")
	}
	p, _ = obj.Call("later")
	if v, err := awaitTest(t, p); err != nil {
		t.Fatal(err)
	} else if s, _ := v.String(); s != "waited" {
		t.Fatalf("later resolved with %q", s)
	}
	p, err = obj.Call("explode")
	if err != nil {
		t.Fatalf("a panic crossed into JavaScript: %v", err)
	}
	if _, err := awaitTest(t, p); !isJSErrorNamed(err, "AuthgearError") {
		t.Fatalf("rejection %v, want AuthgearError", err)
	}
}
