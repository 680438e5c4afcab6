//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// answersNow names the methods whose work is first asked to answer while the JS call is
// still running (STYLE.md habit 4: a call that needs no network answers without a
// goroutine round trip). Their work checks mustAnswerNow(ctx): it answers when the core
// says nothing has to wait, and returns errNotNow otherwise; then the call goes the usual
// way, a goroutine and a Promise.
var answersNow = map[string]bool{"refreshAccessTokenIfNeeded": true, "fetch": true}

// errNotNow is a work's "this call has to wait".
var errNotNow = errors.New("wasmgear: this call has to wait")

// answerNowContext marks the context of the first, synchronous attempt (a type, not a
// context value: context.WithValue would link its reflection-based String into the module).
type answerNowContext struct{ context.Context }

// nowContext is the context of the first, synchronous attempt; made once per container.
func nowContext() context.Context { return answerNowContext{context.Background()} }

// mustAnswerNow reports whether work runs inside the JS call and must not block.
func mustAnswerNow(ctx context.Context) bool {
	_, now := ctx.(answerNowContext)
	return now
}

// answerNow runs work's synchronous attempt. ok false: it has to wait. A result that is a
// JS value (the browser's own fetch Promise) is returned as it is; no result resolves with
// the container's one settled Promise, never a new one.
func answerNow(ctx context.Context, work func(context.Context) (any, error), resolved safejs.Value) (safejs.Value, bool) {
	result, err := work(ctx)
	switch {
	case errors.Is(err, errNotNow):
		return safejs.Undefined(), false
	case err != nil:
		return newPromise(func() (any, error) { return nil, err }), true
	case result == nil:
		return resolved, true
	}
	if v, ok := result.(safejs.Value); ok {
		return v, true
	}
	return newPromise(func() (any, error) { return result, nil }), true
}

// resolvedPromise is Promise.resolve(): settled once, shared by every quick answer (a
// settled Promise never changes, so each caller's then() sees the same undefined).
func resolvedPromise() (safejs.Value, error) {
	ctor, err := safejs.Global().Get("Promise")
	if err != nil {
		return safejs.Undefined(), err
	}
	return ctor.Call("resolve")
}

// fetchNow sends req at once when the core can decide its credentials without waiting
// (no refresh due): the browser's fetch Promise is the answer, chained to one look at
// the reply only when a replay is possible (a token went with a body that can be sent
// again). errNotNow: something must wait (a refresh is due, a DPoP proof must be signed,
// the session is busy); Fetch does it in a goroutine. The request's own AbortSignal goes
// with it to the browser's fetch; a replay's refresh is wired to it as Fetch's is.
func fetchNow(c *sdk.Container, req *appRequest) (any, error) {
	creds, ready, err := c.CredentialsNow(req)
	if err != nil {
		return nil, err
	}
	if !ready {
		return nil, errNotNow
	}
	promise, err := req.start(creds)
	if err != nil {
		return nil, err
	}
	if creds.Authorization == "" || !req.replayable {
		return promise, nil
	}
	// Exactly one of the two is called, once; each releases both.
	var onReply, onFail safejs.Func
	release := func() {
		onReply.Release()
		onFail.Release()
	}
	onFail, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		release()
		return rejectedPromise(argOrUndefined(args)) // the browser's reason, unchanged
	})
	if err != nil {
		return nil, err
	}
	onReply, err = safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		release()
		resp := argOrUndefined(args)
		defer func() {
			if r := recover(); r != nil {
				result = resp // a fault in the check never hides the app's response
			}
		}()
		if !c.ReplayNeeded(req, creds, nativeResponse{resp}) {
			return resp
		}
		return newPromise(func() (any, error) {
			ctx, stop := withSignal(context.Background(), req.signal) // the app's abort ends the refresh's wait
			defer stop()
			reply, err := c.Replay(ctx, req, creds, nativeResponse{resp})
			if err != nil {
				return nil, abortedError(req.signal, err)
			}
			return fetchResult(reply), nil
		})
	})
	if err != nil {
		onFail.Release()
		return nil, err
	}
	return promise.Call("then", onReply, onFail)
}

// rejectedPromise is Promise.reject(reason): how a then() callback written in Go passes a
// rejection on (it cannot throw).
func rejectedPromise(reason safejs.Value) any {
	ctor, err := safejs.Global().Get("Promise")
	if err != nil {
		return nil
	}
	p, err := ctor.Call("reject", reason)
	if err != nil {
		return nil
	}
	return p
}
