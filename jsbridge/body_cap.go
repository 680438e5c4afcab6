//go:build js && wasm

package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// readCappedBody reads a Response's body through its stream, copying at most
// sdk.MaxResponseBody+1 bytes into Go and cancelling the rest: a body of any size costs
// the module at most that much memory, and the core, seeing one byte too many, refuses
// it with a typed error (arrayBuffer() copied everything, and a few hundred megabytes
// ended the Go program for every later call).
func readCappedBody(ctx context.Context, response safejs.Value) ([]byte, error) {
	body, err := response.Get("body")
	if err != nil {
		return nil, err
	}
	switch body.Type() {
	case safejs.TypeNull: // no body (204, HEAD)
		return nil, nil
	case safejs.TypeObject:
	default: // a Response-like object from configure's fetch, without a stream
		return readBufferedBody(ctx, response)
	}
	reader, err := body.Call("getReader")
	if err != nil {
		return nil, err
	}
	const limit = sdk.MaxResponseBody + 1
	var out []byte
	for len(out) < limit {
		promise, err := reader.Call("read")
		if err != nil {
			return nil, err
		}
		chunk, err := await(ctx, promise)
		if err != nil {
			_, _ = reader.Call("cancel")
			return nil, err
		}
		if done, _ := chunk.Get("done"); isTrue(done) {
			return out, nil
		}
		value, err := chunk.Get("value")
		if err != nil {
			return nil, err
		}
		if out, err = appendChunk(out, value, limit); err != nil {
			return nil, err
		}
	}
	_, _ = reader.Call("cancel") // the rest stays unread
	return out, nil
}

// appendChunk copies a Uint8Array chunk onto out, up to limit bytes in all.
func appendChunk(out []byte, chunk safejs.Value, limit int) ([]byte, error) {
	n, err := chunk.Length()
	if err != nil {
		return nil, err
	}
	n = min(n, limit-len(out))
	part, err := chunk.Call("subarray", 0, n)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	if _, err := safejs.CopyBytesToGo(buf, part); err != nil {
		return nil, err
	}
	return append(out, buf...), nil
}

// isTrue reports whether v is the boolean true.
func isTrue(v safejs.Value) bool {
	b, err := v.Bool()
	return err == nil && b
}

// readBufferedBody reads a body through arrayBuffer(), copying at most the cap into Go.
func readBufferedBody(ctx context.Context, response safejs.Value) ([]byte, error) {
	promise, err := response.Call("arrayBuffer")
	if err != nil {
		return nil, err
	}
	buf, err := await(ctx, promise)
	if err != nil {
		return nil, err
	}
	u8, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return nil, err
	}
	view, err := u8.New(buf)
	if err != nil {
		return nil, err
	}
	return appendChunk(nil, view, sdk.MaxResponseBody+1)
}
