package browsertab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// bidiConn is a WebDriver BiDi connection (https://w3c.github.io/webdriver-bidi/): JSON
// commands with ids over one websocket, answered out of order, plus events.
type bidiConn struct {
	conn net.Conn
	r    io.Reader

	writeMu sync.Mutex // serialises frames: commands and the reader's pongs
	onEvent func(method string, params json.RawMessage)

	mu      sync.Mutex // guards the fields below
	nextID  int
	pending map[int]chan bidiMessage
	err     error // set once the connection is gone
}

// bidiMessage is one frame: a command's success or error answer, or an event.
type bidiMessage struct {
	Type    string          `json:"type"` // "success", "error", "event"
	ID      *int            `json:"id"`
	Result  json.RawMessage `json:"result"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
}

// BiDiError is a command the browser answered with an error (WebDriver BiDi §6.5).
type BiDiError struct{ Command, Code, Message string }

func (e *BiDiError) Error() string {
	return fmt.Sprintf("browsertab: BiDi %s: %s: %s", e.Command, e.Code, e.Message)
}

// dialBiDi opens the websocket at url and starts reading it; onEvent sees every event.
func dialBiDi(ctx context.Context, url string, onEvent func(method string, params json.RawMessage)) (*bidiConn, error) {
	conn, br, _, err := ws.Dial(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("browsertab: BiDi websocket %s: %w", url, err)
	}
	c := &bidiConn{conn: conn, r: conn, pending: map[int]chan bidiMessage{}, onEvent: onEvent}
	if br != nil {
		c.r = io.MultiReader(br, conn)
	}
	go c.readLoop()
	return c, nil
}

// lockedWriter lets the reader answer pings without interleaving with commands.
type lockedWriter struct{ c *bidiConn }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.c.writeMu.Lock()
	defer w.c.writeMu.Unlock()
	return w.c.conn.Write(p)
}

func (c *bidiConn) readLoop() {
	rw := struct {
		io.Reader
		io.Writer
	}{c.r, lockedWriter{c}}
	for {
		data, err := wsutil.ReadServerText(rw)
		if err != nil {
			c.fail(fmt.Errorf("browsertab: BiDi connection closed: %w", err))
			return
		}
		var m bidiMessage
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		if m.Type == "event" {
			if c.onEvent != nil {
				c.onEvent(m.Method, m.Params)
			}
			continue
		}
		c.mu.Lock()
		var ch chan bidiMessage
		if m.ID != nil {
			ch = c.pending[*m.ID]
			delete(c.pending, *m.ID)
		}
		c.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// fail ends every waiting command with err.
func (c *bidiConn) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		c.err = err
	}
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
}

// call sends method with params and decodes the result into out (nil discards it).
func (c *bidiConn) call(ctx context.Context, method string, params, out any) error {
	ch := make(chan bidiMessage, 1)
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return c.err
	}
	c.nextID++
	id := c.nextID
	c.pending[id] = ch
	c.mu.Unlock()
	if params == nil {
		params = struct{}{}
	}
	frame, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	c.writeMu.Lock()
	err = wsutil.WriteClientText(c.conn, frame)
	c.writeMu.Unlock()
	if err != nil {
		return fmt.Errorf("browsertab: BiDi %s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.err
		}
		if m.Type == "error" {
			return &BiDiError{Command: method, Code: m.Error, Message: m.Message}
		}
		if out == nil {
			return nil
		}
		return json.Unmarshal(m.Result, out)
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		return fmt.Errorf("browsertab: BiDi %s: %w", method, ctx.Err())
	}
}

// close ends the connection; waiting commands fail.
func (c *bidiConn) close() error {
	err := c.conn.Close()
	c.fail(errors.New("browsertab: BiDi connection closed"))
	return err
}
