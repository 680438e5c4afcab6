//go:build js && wasm

package jsbridge

import (
	"sync"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// Channel is sdk.Broadcaster over a BroadcastChannel: messages reach the other tabs of
// the origin, in memory, never stored. The access token travels here, not in localStorage.
type Channel struct {
	ch       safejs.Value
	listener safejs.Func

	mu    sync.Mutex // guards inbox
	inbox []sdk.Message
	wake  chan struct{} // one pending signal: the inbox has messages
}

// NewChannel opens the named channel, or ok=false where the browser has none.
func NewChannel(name string) (*Channel, bool) {
	ctor, err := getProp(safejs.Global(), "BroadcastChannel")
	if err != nil || ctor.Type() != safejs.TypeFunction {
		return nil, false
	}
	ch, err := ctor.New(name)
	if err != nil {
		return nil, false
	}
	return &Channel{ch: ch}, true
}

// Post implements sdk.Broadcaster.
func (c *Channel) Post(m sdk.Message) error {
	data := map[string]any{
		"seq":    float64(m.Seq),
		"state":  string(m.State),
		"reason": string(m.Reason),
	}
	if m.AccessToken != "" {
		data["accessToken"] = m.AccessToken
		data["expireAt"] = float64(m.ExpireAt.UnixMilli())
		data["tokenType"] = m.TokenType
	}
	_, err := c.ch.Call("postMessage", data)
	return err
}

// Subscribe implements sdk.Broadcaster. The JS event callback only queues the message: it
// must never wait for the container's lock. One goroutine hands the queue to handler in
// the order the messages arrived, so a LOGOUT and the AUTHENTICATED after it apply in that order.
func (c *Channel) Subscribe(handler func(sdk.Message)) {
	c.wake = make(chan struct{}, 1)
	go c.deliver(handler)
	fn, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		data, err := getProp(argOrUndefined(args), "data")
		if err != nil || !isObject(data) {
			return nil
		}
		m := sdk.Message{}
		if seq, err := getProp(data, "seq"); err == nil && seq.Type() == safejs.TypeNumber {
			f, _ := seq.Float()
			m.Seq = int64(f)
		}
		state, _ := stringProp(data, "state")
		reason, _ := stringProp(data, "reason")
		m.State, m.Reason = sdk.SessionState(state), sdk.Reason(reason)
		m.AccessToken, _ = stringProp(data, "accessToken")
		m.TokenType, _ = stringProp(data, "tokenType")
		if exp, err := getProp(data, "expireAt"); err == nil && exp.Type() == safejs.TypeNumber {
			f, _ := exp.Float()
			m.ExpireAt = time.UnixMilli(int64(f))
		}
		c.mu.Lock()
		c.inbox = append(c.inbox, m)
		c.mu.Unlock()
		select {
		case c.wake <- struct{}{}:
		default: // a signal is already pending
		}
		return nil
	})
	if err != nil {
		return
	}
	c.listener = fn
	_ = c.ch.Set("onmessage", fn)
}

// deliver hands queued messages to handler one at a time, oldest first, for the page's life.
func (c *Channel) deliver(handler func(sdk.Message)) {
	for range c.wake {
		for {
			c.mu.Lock()
			if len(c.inbox) == 0 {
				c.mu.Unlock()
				break
			}
			m := c.inbox[0]
			c.inbox = c.inbox[1:]
			c.mu.Unlock()
			handler(m)
		}
	}
}

// Online is sdk.Connectivity over navigator.onLine.
type Online struct{}

// Online implements sdk.Connectivity; where the browser cannot tell, it assumes online.
func (Online) Online() bool {
	nav, err := getProp(safejs.Global(), "navigator")
	if err != nil {
		return true
	}
	v, err := getProp(nav, "onLine")
	if err != nil || v.Type() != safejs.TypeBoolean {
		return true
	}
	b, _ := v.Bool()
	return b
}
