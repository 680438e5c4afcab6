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

// appRequest is sdk.Outgoing over a native Request: the one the glue made of the app's
// fetch(input, init), as fetch does, kept as an opaque value. The core decides on four
// facts: the URL, read here, and the flags the glue read off the Request and init
// (quick_exports.go's flag bits); everything else (method, headers, body, signal, mode)
// is the browser's, untouched.
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

// newAppRequest reads the glue's fetch(request, flags) synchronously, inside the JS call.
// The glue built the Request (its constructor's TypeError is the app's rejection, as with
// fetch) before asking the quick call, which answered "the usual way". The fetch is the
// one configured at the time of the call.
func newAppRequest(args []safejs.Value, transport *FetchTransport) (*appRequest, error) {
	req := argOrUndefined(args)
	if !isObject(req) {
		return nil, errors.New("wasmgear: fetch needs the glue's Request")
	}
	flags := 0
	if len(args) > 1 {
		flags, _ = args[1].Int()
	}
	fetch, err := transport.fetchFunc()
	if err != nil {
		return nil, err
	}
	r := &appRequest{fetch: fetch, next: req, own: flags&flagOwnAuthorization != 0,
		ownCreds: flags&flagOwnCredentials != 0, replayable: flags&flagReplayable != 0}
	// req is the browser's own Request, whose getters cannot be replaced: read directly
	// (one call each, not Reflect.get's three).
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
	return r, nil
}

// parseReplayArgs reads replayFetch's (request, flags, response, authorization): the
// reply a request sent by the quick path got, and the Authorization it was sent with.
func parseReplayArgs(args []safejs.Value) (nativeResponse, string, error) {
	if len(args) < 4 || !isObject(args[2]) {
		return nativeResponse{}, "", errors.New("wasmgear: replayFetch needs the reply")
	}
	used, err := args[3].String()
	return nativeResponse{args[2]}, used, err
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
