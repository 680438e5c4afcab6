//go:build js && wasm

package jsbridge

import (
	"context"
	"unsafe"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// The quick calls: the two calls an app makes all the time, refreshAccessTokenIfNeeded()
// with a valid token and fetch() with no refresh due, are decided by these
// //go:wasmexport functions, which the glue (web/src/quick.js) calls as
// instance.exports.name(...). Measured in Chromium and Node: a call into a js.FuncOf
// function costs 36–48 µs of wasm_exec.js event and scheduler machinery even when it does
// nothing, a wasmexport call 0.05 µs; and every JavaScript object or string that enters
// Go gets a finalizer (1–10 µs each). So these take and return numbers only, and the
// glue does the mechanics the answer asks for (new Request, headers.set, fetch). Every
// decision stays in the core (sdk.Container.RefreshWouldWait, CredentialsNow,
// ReplayNeeded), made exactly as for the usual path.
//
// They run inside the app's JS call, possibly re-entrantly (the app's delegate, called
// from Go in the middle of a change, calling fetch()), so they never block: the core
// only TryLocks the session, never waits on a channel, and every doubt — a busy session,
// a due refresh, a DPoP proof to sign, an error, a panic — answers 0, "go the usual way":
// the glue then calls the container's js.FuncOf method, which waits in a goroutine.

// The bits of a request's flags, the facts the glue read off the app's Request and init
// (web/src/quick.js writes the same numbers).
const (
	flagReplayable             = 1 // the body is not a one-shot ReadableStream
	flagOwnAuthorization       = 2 // the Request carries the caller's own Authorization header
	flagOwnCredentials         = 4 // init.credentials was set by the caller
	quickSend            int32 = 1 // decided: send it now, as the other bits say
	quickAuthorize       int32 = 2 // set Authorization to slot.authorization
	quickIncludeCreds    int32 = 4 // send with credentials "include" (cookie mode)
	quickWatchReply      int32 = 8 // a replay is possible: ask wasmgear_reply_needs_go with the status
)

// quickContainer is one container as the quick calls see it.
type quickContainer struct {
	core *sdk.Container
	// slot is the container's object the glue reads the answer's strings from:
	// slot.authorization (and slot.fetch, which FetchTransport.SetFetch writes). A string
	// Go hands to JavaScript costs an allocation and a finalizer, so the header is set
	// there only when it changes, not per request.
	slot          safejs.Value
	authorization string // what slot.authorization holds
}

// quickContainers are the containers by the number the glue names them with: the index
// buildContainer gave each. A container lives as long as the page, so the list only grows.
var quickContainers []*quickContainer

// registerQuick adds c and returns its number.
func registerQuick(c *sdk.Container, slot safejs.Value) int {
	quickContainers = append(quickContainers, &quickContainer{core: c, slot: slot})
	return len(quickContainers) - 1
}

// forgetAuthorization drops the header c's slot holds once its session has ended (the
// listener calls it), so a script that runs after a logout finds no token there, as
// authgear.accessToken has none either.
func forgetAuthorization(c *sdk.Container) {
	for _, q := range quickContainers {
		if q.core == c && q.authorization != "" {
			_ = q.slot.Delete("authorization")
			q.authorization = ""
		}
	}
}

func quickContainerAt(handle int32) *quickContainer {
	if handle < 0 || int(handle) >= len(quickContainers) {
		return nil
	}
	return quickContainers[handle]
}

// quickURL is where the glue writes a request's absolute URL as UTF-8, with
// TextEncoder.encodeInto on a view of the module's memory, before it calls
// wasmgear_fetch_now. Of the three ways measured for a string to reach Go, this is the
// cheapest and the simplest: reading it from a JS object in the export (Get, then
// String: two crossings back to JavaScript and a finalized value) took 21–54 µs a call
// where this took 5 (one loaded run of `make bench BENCH_FLAGS=-profile eval:...`); a
// //go:wasmimport of our own would need a new import in the loader and still a copy into
// this memory. A longer URL does not fit and goes the usual way.
var quickURL [8192]byte

// urlBuffer is quickURL's address and size, which the glue asks once.
//
//go:wasmexport wasmgear_url_buffer
func urlBuffer() uint32 { return uint32(uintptr(unsafe.Pointer(&quickURL[0]))) }

//go:wasmexport wasmgear_url_buffer_size
func urlBufferSize() int32 { return int32(len(quickURL)) }

// refreshNow answers 1 when refreshAccessTokenIfNeeded() has nothing to do (a valid
// token, no session, cookie mode): the glue resolves with its one settled Promise. 0:
// the usual way (a refresh is due or in flight, the session is busy, an error to reject with).
//
//go:wasmexport wasmgear_refresh_now
func refreshNow(handle int32) (answer int32) {
	defer func() {
		if recover() != nil {
			answer = 0
		}
	}()
	q := quickContainerAt(handle)
	if q == nil {
		return 0
	}
	if wait, err := q.core.RefreshWouldWait(); err != nil || wait {
		return 0
	}
	return 1
}

// fetchNow decides one fetch() whose URL is the first urlLength bytes of quickURL: the
// bits of the answer (quickSend and the rest) tell the glue what to add, 0 sends it the
// usual way. The allowlist, its withheld-origin warning and cookie mode are the core's
// CredentialsNow, as for the usual path.
//
//go:wasmexport wasmgear_fetch_now
func fetchNow(handle, urlLength, flags int32) (answer int32) {
	defer func() {
		if recover() != nil {
			answer = 0
		}
	}()
	q := quickContainerAt(handle)
	if q == nil || urlLength <= 0 || int(urlLength) > len(quickURL) {
		return 0
	}
	// A copy: the warning may keep the origin, and a re-entrant call writes the buffer again.
	out := &quickRequest{url: string(quickURL[:urlLength]), flags: flags}
	creds, ready, err := q.core.CredentialsNow(out)
	if err != nil || !ready || creds.DPoP != "" {
		return 0
	}
	answer = quickSend
	if creds.IncludeCookies {
		answer |= quickIncludeCreds
	}
	if creds.Authorization != "" {
		if creds.Authorization != q.authorization {
			if err := q.slot.Set("authorization", creds.Authorization); err != nil {
				return 0
			}
			q.authorization = creds.Authorization
		}
		answer |= quickAuthorize
		if out.Replayable() {
			answer |= quickWatchReply
		}
	}
	return answer
}

// replyNeedsGo answers 1 when a reply to a request sent with the session's token may
// ask for a replay (sdk.StatusMayNeedReplay): the glue hands it to the container's
// replayFetch, whose sdk.Container.ReplayNeeded reads the challenge. 0: the reply is the app's.
//
//go:wasmexport wasmgear_reply_needs_go
func replyNeedsGo(status int32) int32 {
	if sdk.StatusMayNeedReplay(int(status)) {
		return 1
	}
	return 0
}

// quickRequest is sdk.Outgoing for a decision only: the core asks it its URL and flags,
// never to send (CredentialsNow does not send).
type quickRequest struct {
	url   string
	flags int32
}

// URL implements sdk.Outgoing.
func (r *quickRequest) URL() string { return r.url }

// Method implements sdk.Outgoing; only a DPoP proof names it, and those go the usual way.
func (r *quickRequest) Method() string { return "" }

// OwnAuthorization implements sdk.Outgoing.
func (r *quickRequest) OwnAuthorization() bool { return r.flags&flagOwnAuthorization != 0 }

// OwnCredentials implements sdk.Outgoing.
func (r *quickRequest) OwnCredentials() bool { return r.flags&flagOwnCredentials != 0 }

// Replayable implements sdk.Outgoing.
func (r *quickRequest) Replayable() bool { return r.flags&flagReplayable != 0 }

// Send implements sdk.Outgoing; the glue sends.
func (r *quickRequest) Send(context.Context, sdk.Credentials) (sdk.Reply, error) {
	return nil, errSpent
}
