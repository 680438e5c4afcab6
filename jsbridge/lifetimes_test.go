//go:build js && wasm

package jsbridge

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// canceledCtx is a context that has already run out, like an open that timed out.
func canceledCtx() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestIDBLedger_AnOpenThatTimedOutIsRetried(t *testing.T) {
	l := NewIDBLedger()
	const key = "authgear_jsbridge_test_retry"
	if err := l.Set(canceledCtx(), key, "v"); err == nil {
		t.Fatal("Set with a context that ran out succeeded")
	}
	if err := l.Set(testCtx(t), key, "v"); err != nil {
		t.Fatalf("after one open timed out, the ledger stays disabled: %v", err)
	}
	if v, ok, err := l.Get(testCtx(t), key); v != "v" || !ok || err != nil {
		t.Fatalf("Get = %q %v %v", v, ok, err)
	}
	_ = l.Delete(testCtx(t), key)
}

func TestAwaitEvent_LeavesNoHandlerToBeCalledAfterRelease(t *testing.T) {
	for _, tt := range []struct {
		name string
		ctx  context.Context
		// js makes a target whose success event fires on the next task, as IndexedDB's do.
		js string
	}{
		{"settled", context.Background(), `(() => { const t = { result: 7 }; setTimeout(() => t.onsuccess(), 0); return t; })()`},
		{"abandoned", canceledCtx(), `({ result: 7 })`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			target := evalJS(t, tt.js)
			_, _ = awaitEvent(tt.ctx, target, "success", "error", "result")
			for _, h := range []string{"onsuccess", "onerror"} {
				if v, _ := target.Get(h); v.Type() == safejs.TypeFunction {
					t.Errorf("%s still points at a released function: a late event prints \"call to released function\"", h)
				}
			}
		})
	}
}

func TestChannel_DeliversMessagesInTheOrderPosted(t *testing.T) {
	const name = "authgear_jsbridge_test_order"
	rx, ok1 := NewChannel(name)
	tx, ok2 := NewChannel(name)
	if !ok1 || !ok2 {
		t.Fatal("no BroadcastChannel")
	}
	// All five messages reach the receiving channel while the first is still handled
	// (a LOGOUT applying while an AUTHENTICATED arrives): they must apply in order.
	arrived, delivered := 0, make(chan struct{})
	counter, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		if arrived++; arrived == 5 {
			close(delivered)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer counter.Release()
	var mu sync.Mutex
	var got []int64
	handled := make(chan struct{}, 5)
	rx.Subscribe(func(m sdk.Message) {
		if m.Seq == 1 {
			<-delivered
		}
		mu.Lock()
		got = append(got, m.Seq)
		mu.Unlock()
		handled <- struct{}{}
	})
	if _, err := rx.ch.Call("addEventListener", "message", counter); err != nil {
		t.Fatal(err)
	}
	for seq := int64(1); seq <= 5; seq++ {
		if err := tx.Post(sdk.Message{Seq: seq, State: sdk.SessionStateNoSession, Reason: sdk.ReasonLogout}); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		select {
		case <-handled:
		case <-testCtx(t).Done():
			t.Fatal("messages were not handled")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if !reflect.DeepEqual(got, []int64{1, 2, 3, 4, 5}) {
		t.Fatalf("handled in the order %v, want 1 2 3 4 5", got)
	}
}

// testContainer is a core with the browser's adapters, for the export table's tests.
func testContainer(t *testing.T) (*sdk.Container, *FetchTransport) {
	t.Helper()
	transport := &FetchTransport{}
	c, err := sdk.NewContainer("jsbridge_test", sdk.Browser{Transport: transport, URLs: URLParser{}, Crypto: WebCrypto{}, Verifier: WebVerifier{},
		Navigator: PageNavigator{}, Storage: sdk.NewMemoryStorage()})
	if err != nil {
		t.Fatal(err)
	}
	return c, transport
}

// rejectionCode calls method on obj and returns the code its Promise rejects with.
func rejectionCode(t *testing.T, obj safejs.Value, method string, args ...any) string {
	t.Helper()
	p, err := obj.Call(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = awaitTest(t, p)
	je, ok := err.(*JSError)
	if !ok {
		return ""
	}
	code, _ := stringProp(je.value, "code")
	return code
}

func TestConfigure_FetchIsValidatedAndAppliedOnlyWithTheRest(t *testing.T) {
	c, transport := testContainer(t)
	obj, err := containerObject(c, transport)
	if err != nil {
		t.Fatal(err)
	}
	custom := evalJS(t, `(input, init) => fetch(input, init)`)
	opts := evalJS(t, `({ clientID: "c", endpoint: "ftp://e" })`)
	_ = opts.Set("fetch", custom)
	if code := rejectionCode(t, obj, "configure", opts); code != "invalid_options" {
		t.Fatalf("a bad endpoint: code %q, want invalid_options", code)
	}
	if fn, _ := transport.fetchFunc(); fn.Equal(custom) {
		t.Fatal("the fetch of a rejected configure() was applied")
	}
	if code := rejectionCode(t, obj, "configure", evalJS(t, `({ clientID: "c", endpoint: "https://e", fetch: "https://proxy" })`)); code != "invalid_options" {
		t.Fatalf("fetch that is not a function: code %q, want invalid_options", code)
	}
}

func TestNewExports_AContainerThatCannotBeBuiltIsAnError(t *testing.T) {
	exports, err := NewExports(func(string, sdk.Transport, sdk.Listener) (*sdk.Container, error) { panic("wiring bug") })
	if err != nil {
		t.Fatal(err)
	}
	made, err := exports.Call("newContainer", "x")
	if err != nil {
		t.Fatalf("the failure crossed into JavaScript as an exception: %v", err)
	}
	if !isObject(made) {
		t.Fatal("newContainer returned no object: the glue would keep a null core")
	}
	reason, _ := getProp(made, "error")
	if code, _ := stringProp(reason, "code"); code != "internal" {
		t.Fatalf("newContainer's error has code %q, want internal", code)
	}
}
