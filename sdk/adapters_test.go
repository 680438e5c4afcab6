package sdk_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wasmgear/wasmgear/sdk"
)

// httpTransport is sdk.Transport over net/http, as fetch: cookies only with
// credentials "include". hook, when set, runs before each request (tests hold requests).
type httpTransport struct {
	withCookies, noCookies *http.Client
	hook                   func(*sdk.Request) // set with setHook: background requests (a JWK Set prefetch) read it

	mu        sync.Mutex // guards hook, reqs and bodyBytes
	reqs      []sdk.Request
	bodyBytes int // the most body bytes read for one response
}

// setHook makes hook see every request from now on (nil: none). A test's own goroutine
// sets it while the SDK's may be sending, so it goes under the mutex.
func (t *httpTransport) setHook(hook func(*sdk.Request)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.hook = hook
}

// bodyBytesRead is the largest body read so far.
func (t *httpTransport) bodyBytesRead() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.bodyBytes
}

func (t *httpTransport) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	t.mu.Lock()
	t.reqs = append(t.reqs, *req)
	hook := t.hook
	t.mu.Unlock()
	if hook != nil {
		hook(req)
	}
	r, err := http.NewRequestWithContext(ctx, req.Method, req.URL, strings.NewReader(req.Body))
	if err != nil {
		return nil, err
	}
	if r.URL.Hostname() != "127.0.0.1" {
		return nil, errors.New("test transport: no test leaves 127.0.0.1, refused " + req.URL)
	}
	for k, v := range req.Header {
		r.Header.Set(k, v)
	}
	client := t.noCookies
	if req.Credentials == "include" {
		client = t.withCookies
	}
	resp, err := client.Do(r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	// As the bridge does: at most one byte past the cap, so the core sees it was exceeded.
	body, err := io.ReadAll(io.LimitReader(resp.Body, sdk.MaxResponseBody+1))
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.bodyBytes = max(t.bodyBytes, len(body))
	t.mu.Unlock()
	h := map[string]string{}
	for k := range resp.Header {
		h[strings.ToLower(k)] = resp.Header.Get(k)
	}
	return &sdk.Response{Status: resp.StatusCode, Header: h, Body: body}, nil
}

// requests returns the requests sent so far whose URL contains path.
func (t *httpTransport) requests(path string) []sdk.Request {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []sdk.Request
	for _, r := range t.reqs {
		if strings.Contains(r.URL, path) {
			out = append(out, r)
		}
	}
	return out
}

// stdCrypto is sdk.Crypto over crypto/rand and crypto/sha256.
type stdCrypto struct{}

func (stdCrypto) RandomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := rand.Read(b)
	return b, err
}

func (stdCrypto) SHA256(_ context.Context, data []byte) ([]byte, error) {
	sum := sha256.Sum256(data)
	return sum[:], nil
}

// netURLParser is sdk.URLParser over net/url (sdk.NetURLParser, shared with the
// internal fuzz tests).
type netURLParser = sdk.NetURLParser

// fakeNavigator records navigations; the test sets Location.
type fakeNavigator struct {
	mu       sync.Mutex // guards all
	location string
	assigned []string
	replaced []string
}

func (n *fakeNavigator) Location() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.location
}

func (n *fakeNavigator) SetLocation(u string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.location = u
}

func (n *fakeNavigator) Assign(u string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.assigned = append(n.assigned, u)
	return nil
}

func (n *fakeNavigator) ReplaceURL(u string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.replaced = append(n.replaced, u)
	n.location = u
	return nil
}

func (n *fakeNavigator) lastAssigned() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.assigned) == 0 {
		return ""
	}
	return n.assigned[len(n.assigned)-1]
}

func (n *fakeNavigator) lastReplaced() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.replaced) == 0 {
		return ""
	}
	return n.replaced[len(n.replaced)-1]
}

// fakeClock is a Clock the test moves by hand.
type fakeClock struct {
	mu  sync.Mutex // guards now
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// event is one session state change the listener heard.
type event struct {
	State  sdk.SessionState
	Reason sdk.Reason
}

// eventLog records listener calls.
type eventLog struct {
	mu     sync.Mutex // guards events
	events []event
}

func (l *eventLog) listener(s sdk.SessionState, r sdk.Reason) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, event{s, r})
}

func (l *eventLog) all() []event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]event(nil), l.events...)
}

func (l *eventLog) last() event {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.events) == 0 {
		return event{}
	}
	return l.events[len(l.events)-1]
}
