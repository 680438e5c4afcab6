//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// errSpent means a request was asked to send again after its one-shot body was used;
// the core never asks (it checks Replayable), so this is a wiring mistake.
var errSpent = errors.New("wasmgear: the request's body was already sent")

// appRequest is sdk.Outgoing over a native Request: the app's fetch(input, init), made
// into a Request at once, as fetch does, and kept as an opaque value. The core decides
// on four facts read here; everything else (method, headers, body, signal, mode) is the
// browser's, untouched.
type appRequest struct {
	fetch      safejs.Value // configure's fetch, else globalThis.fetch: every request, as @authgear/web
	next       safejs.Value // the Request the next Send sends; undefined once spent
	url        string
	method     string
	own        bool         // the caller set Authorization
	ownCreds   bool         // the caller set init.credentials
	replayable bool         // not a ReadableStream body
	signal     safejs.Value // the Request's AbortSignal (init.signal, or the input Request's)
}

// newAppRequest reads fetch's arguments synchronously, inside the JS call: `new
// Request(input, init)` throws exactly what fetch would reject with (a TypeError).
// The fetch is the one configured at the time of the call.
func newAppRequest(args []safejs.Value, transport *FetchTransport) (*appRequest, error) {
	input := argOrUndefined(args)
	init := safejs.Undefined()
	if len(args) > 1 {
		init = args[1]
	}
	global := safejs.Global()
	fetch, err := transport.fetchFunc()
	if err != nil {
		return nil, err
	}
	ctor, err := transport.requestConstructor()
	if err != nil {
		return nil, err
	}
	req, err := ctor.New(input, init)
	if err != nil {
		return nil, passThrough(err)
	}
	r := &appRequest{fetch: fetch, next: req, replayable: true}
	// req is the browser's own Request, whose getters cannot be replaced: read directly
	// (one call each, not Reflect.get's three); init is the app's object, read safely.
	url, err := req.Get("url")
	if err != nil {
		return nil, err
	}
	if r.url, err = url.String(); err != nil {
		return nil, err
	}
	method, err := req.Get("method")
	if err != nil {
		return nil, err
	}
	if r.method, err = method.String(); err != nil {
		return nil, err
	}
	if r.signal, err = req.Get("signal"); err != nil {
		return nil, err
	}
	headers, err := req.Get("headers")
	if err != nil {
		return nil, err
	}
	has, err := headers.Call("has", "Authorization")
	if err != nil {
		return nil, err
	}
	r.own, _ = has.Bool()
	if isObject(init) {
		creds, err := getProp(init, "credentials")
		if err != nil {
			return nil, passThrough(err)
		}
		r.ownCreds = creds.Type() != safejs.TypeUndefined
		body, err := getProp(init, "body")
		if err != nil {
			return nil, passThrough(err)
		}
		if stream, err := global.Get("ReadableStream"); err == nil && stream.Type() == safejs.TypeFunction {
			oneShot, _ := body.InstanceOf(stream)
			r.replayable = !oneShot
		}
	}
	return r, nil
}

// URL implements sdk.Outgoing.
func (r *appRequest) URL() string { return r.url }

// Method implements sdk.Outgoing: the Request's normalised method.
func (r *appRequest) Method() string { return r.method }

// OwnAuthorization implements sdk.Outgoing.
func (r *appRequest) OwnAuthorization() bool { return r.own }

// OwnCredentials implements sdk.Outgoing.
func (r *appRequest) OwnCredentials() bool { return r.ownCreds }

// Replayable implements sdk.Outgoing.
func (r *appRequest) Replayable() bool { return r.replayable }

// Send implements sdk.Outgoing with native fetch. A rejection (AbortError, TypeError) is
// the browser's own value, handed back to the app unchanged.
func (r *appRequest) Send(ctx context.Context, creds sdk.Credentials) (sdk.Reply, error) {
	promise, err := r.start(creds)
	if err != nil {
		return nil, err
	}
	resp, err := await(ctx, promise)
	if err != nil {
		return nil, passThrough(err)
	}
	return nativeResponse{resp}, nil
}

// start calls fetch with creds added and returns its Promise. A copy for a replay is kept
// when one can happen (a token goes and the body can be sent again), taken before the
// Authorization header is set; a Request without a body is not used up by fetch, so it is
// its own copy (unless it carries a DPoP proof, which must not linger into the replay).
func (r *appRequest) start(creds sdk.Credentials) (safejs.Value, error) {
	req := r.next
	if req.Type() != safejs.TypeObject {
		return safejs.Undefined(), errSpent
	}
	r.next = safejs.Undefined()
	var err error
	if creds.IncludeCookies {
		ctor, err := safejs.Global().Get("Request")
		if err != nil {
			return safejs.Undefined(), err
		}
		if req, err = ctor.New(req, map[string]any{"credentials": "include"}); err != nil {
			return safejs.Undefined(), passThrough(err)
		}
	}
	if r.replayable && creds.Authorization != "" {
		body, err := req.Get("body")
		if err != nil {
			return safejs.Undefined(), passThrough(err)
		}
		if body.Type() == safejs.TypeNull && creds.DPoP == "" {
			r.next = req // a proof is never reused: a DPoP send keeps a clean copy
		} else if r.next, err = req.Call("clone"); err != nil {
			return safejs.Undefined(), passThrough(err)
		}
	}
	if creds.Authorization != "" {
		headers, err := req.Get("headers")
		if err != nil {
			return safejs.Undefined(), err
		}
		if _, err := headers.Call("set", "Authorization", creds.Authorization); err != nil {
			return safejs.Undefined(), passThrough(err) // a no-cors request's headers refuse it, as in the app's own code
		}
		if creds.DPoP != "" {
			if _, err := headers.Call("set", "DPoP", creds.DPoP); err != nil {
				return safejs.Undefined(), passThrough(err)
			}
		}
	}
	promise, err := r.fetch.Invoke(req)
	if err != nil {
		return safejs.Undefined(), passThrough(err)
	}
	return promise, nil
}

// nativeResponse is sdk.Reply over a native Response, whose body stays unread for the app.
type nativeResponse struct{ value safejs.Value }

// StatusCode implements sdk.Reply.
func (n nativeResponse) StatusCode() int {
	v, err := n.value.Get("status")
	if err != nil {
		return 0
	}
	s, _ := v.Int()
	return s
}

// HeaderValue implements sdk.Reply; a header CORS hides reads as absent.
func (n nativeResponse) HeaderValue(name string) string {
	headers, err := n.value.Get("headers")
	if err != nil {
		return ""
	}
	v, err := headers.Call("get", name)
	if err != nil || v.Type() != safejs.TypeString {
		return ""
	}
	s, _ := v.String()
	return s
}

// fetchResult is what fetch() resolves with: the native Response itself.
func fetchResult(reply sdk.Reply) any {
	if n, ok := reply.(nativeResponse); ok {
		return n.value
	}
	return nil
}
