//go:build js && wasm

package jsbridge

import (
	"context"
	"sync"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// FetchTransport is sdk.Transport over the page's fetch, or over the `fetch` function an
// app passes to configure (Authgear's option, used for example to add tracing headers).
type FetchTransport struct {
	mu    sync.Mutex // guards fetch
	fetch safejs.Value
	slot  safejs.Value // the container's quick-call slot: slot.fetch is what the glue sends with
}

// SetFetch replaces the fetch function; an undefined value restores globalThis.fetch.
// The glue's quick path reads it from the slot (undefined there: globalThis.fetch).
func (t *FetchTransport) SetFetch(fn safejs.Value) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if fn.Type() == safejs.TypeFunction {
		t.fetch = fn
	} else {
		t.fetch = safejs.Undefined()
	}
	if t.slot.Type() == safejs.TypeObject {
		_ = t.slot.Set("fetch", t.fetch)
	}
}

func (t *FetchTransport) fetchFunc() (safejs.Value, error) {
	t.mu.Lock()
	fn := t.fetch
	t.mu.Unlock()
	if fn.Type() == safejs.TypeFunction {
		return fn, nil
	}
	return safejs.Global().Get("fetch")
}

// Do implements sdk.Transport. Protocol requests never follow redirects (a redirected
// token request would carry its body to another host) and are never cached.
func (t *FetchTransport) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	fetch, err := t.fetchFunc()
	if err != nil {
		return nil, err
	}
	controller, err := newAbortController()
	if err != nil {
		return nil, err
	}
	signal, err := controller.Get("signal")
	if err != nil {
		return nil, err
	}
	headers := make(map[string]any, len(req.Header))
	for k, v := range req.Header {
		headers[k] = v
	}
	credentials := req.Credentials
	if credentials == "" {
		credentials = "omit"
	}
	init := map[string]any{
		"method":      req.Method,
		"headers":     headers,
		"credentials": credentials,
		"cache":       "no-store",
		"redirect":    "error",
		"signal":      signal,
	}
	if req.Body != "" {
		init["body"] = req.Body
	}
	stop := abortOnDone(ctx, controller)
	defer stop()
	promise, err := fetch.Invoke(req.URL, init)
	if err != nil {
		return nil, err
	}
	response, err := await(ctx, promise)
	if err != nil {
		return nil, err
	}
	return readResponse(ctx, response)
}

// readResponse copies status, headers and the body, capped, into Go.
func readResponse(ctx context.Context, response safejs.Value) (*sdk.Response, error) {
	statusVal, err := response.Get("status")
	if err != nil {
		return nil, err
	}
	status, err := statusVal.Int()
	if err != nil {
		return nil, err
	}
	header, err := readHeaders(response)
	if err != nil {
		return nil, err
	}
	body, err := readCappedBody(ctx, response)
	if err != nil {
		return nil, err
	}
	return &sdk.Response{Status: status, Header: header, Body: body}, nil
}

// readHeaders reads a Response's headers; fetch already lower-cases their names.
func readHeaders(response safejs.Value) (map[string]string, error) {
	headers, err := response.Get("headers")
	if err != nil {
		return nil, err
	}
	array, err := safejs.Global().Get("Array")
	if err != nil {
		return nil, err
	}
	entries, err := headers.Call("entries")
	if err != nil {
		return nil, err
	}
	list, err := array.Call("from", entries)
	if err != nil {
		return nil, err
	}
	n, err := list.Length()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, n)
	for i := 0; i < n; i++ {
		pair, err := list.Index(i)
		if err != nil {
			return nil, err
		}
		k, err1 := pair.Index(0)
		v, err2 := pair.Index(1)
		if err1 != nil || err2 != nil {
			continue
		}
		ks, _ := k.String()
		vs, _ := v.String()
		out[sdk.LowerASCII(ks)] = vs
	}
	return out, nil
}

// bytesFromBuffer copies an ArrayBuffer into a Go slice.
func bytesFromBuffer(buf safejs.Value) ([]byte, error) {
	u8, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return nil, err
	}
	view, err := u8.New(buf)
	if err != nil {
		return nil, err
	}
	n, err := view.Length()
	if err != nil {
		return nil, err
	}
	out := make([]byte, n)
	_, err = safejs.CopyBytesToGo(out, view)
	return out, err
}

func newAbortController() (safejs.Value, error) {
	ctor, err := safejs.Global().Get("AbortController")
	if err != nil {
		return safejs.Undefined(), err
	}
	return ctor.New()
}

// abortOnDone aborts the fetch when ctx ends; the returned stop ends the watcher.
func abortOnDone(ctx context.Context, controller safejs.Value) (stop func()) {
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			_, _ = controller.Call("abort")
		case <-done:
		}
	}()
	return func() { close(done) }
}
