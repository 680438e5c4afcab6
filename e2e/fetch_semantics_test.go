package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// echoed is the demo API's /api/echo answer: the request as the server received it.
type echoed struct {
	Status     int               `json:"status"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Query      string            `json:"query"`
	Headers    map[string]string `json:"headers"`
	Body       string            `json:"body"`
	BodyLength int               `json:"bodyLength"`
}

func TestFetch_KeepsEveryFormOfInputHeadersAndBody(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	const formData = `(() => { const f = new FormData(); f.append("field", "value");
	  f.append("file", new Blob(["file-data"], { type: "text/plain" }), "f.txt"); return f; })()`
	tests := []struct {
		name string
		args string // the arguments of authgear.fetch
		want echoed // zero fields are not checked; Body "" means an empty body
		// contentType is the Content-Type the server must see ("" = none sent);
		// bodyContains replaces the exact body check.
		contentType  string
		bodyContains []string
	}{
		{name: "string input keeps the query", args: `"/api/echo?a=1&b=two%20words&a=2"`,
			want: echoed{Method: "GET", Query: "a=1&b=two%20words&a=2"}},
		{name: "URL object", args: `new URL("/api/echo?from=url", location.href), { method: "DELETE" }`,
			want: echoed{Method: "DELETE", Query: "from=url"}},
		{name: "Request object", args: `new Request("/api/echo?from=request", { method: "PUT", body: "request body",
		  headers: { "X-Custom": "from-request" } })`,
			want:        echoed{Method: "PUT", Query: "from=request", Body: "request body", Headers: map[string]string{"x-custom": "from-request"}},
			contentType: "text/plain;charset=UTF-8"},
		{name: "init overrides a Request, as in fetch", args: `new Request("/api/echo", { method: "POST", body: "old" }),
		  { method: "PATCH", body: "new", headers: { "x-custom": "init" } }`,
			want:        echoed{Method: "PATCH", Body: "new", Headers: map[string]string{"x-custom": "init"}},
			contentType: "text/plain;charset=UTF-8"},
		{name: "headers object", args: `"/api/echo", { method: "POST", body: "{\"a\":1}",
		  headers: { "X-Custom": "object", "Content-Type": "application/json" } }`,
			want:        echoed{Method: "POST", Body: `{"a":1}`, Headers: map[string]string{"x-custom": "object"}},
			contentType: "application/json"},
		{name: "headers array keeps repeated values in order", args: `"/api/echo", { headers: [["x-custom", "first"], ["X-Custom", "second"]] }`,
			want: echoed{Method: "GET", Headers: map[string]string{"x-custom": "first, second"}}},
		{name: "Headers instance", args: `"/api/echo", { headers: new Headers({ "x-custom": "headers" }) }`,
			want: echoed{Method: "GET", Headers: map[string]string{"x-custom": "headers"}}},
		{name: "string body", args: `"/api/echo", { method: "POST", body: "plain text" }`,
			want: echoed{Method: "POST", Body: "plain text"}, contentType: "text/plain;charset=UTF-8"},
		{name: "FormData body", args: `"/api/echo", { method: "POST", body: ` + formData + ` }`,
			want: echoed{Method: "POST"}, contentType: "multipart/form-data; boundary=",
			bodyContains: []string{`name="field"`, "value", `filename="f.txt"`, "file-data"}},
		{name: "URLSearchParams body", args: `"/api/echo", { method: "POST", body: new URLSearchParams({ a: "1", b: "two words" }) }`,
			want: echoed{Method: "POST", Body: "a=1&b=two+words"}, contentType: "application/x-www-form-urlencoded;charset=UTF-8"},
		{name: "Blob body", args: `"/api/echo", { method: "PUT", body: new Blob(["blob bytes"], { type: "application/x-test" }) }`,
			want: echoed{Method: "PUT", Body: "blob bytes"}, contentType: "application/x-test"},
		{name: "ArrayBuffer body", args: `"/api/echo", { method: "POST", body: new TextEncoder().encode("array buffer").buffer }`,
			want: echoed{Method: "POST", Body: "array buffer"}},
		{name: "every byte value", args: `"/api/echo", { method: "POST", body: Uint8Array.from({ length: 256 }, (_, i) => i) }`,
			want: echoed{Method: "POST", BodyLength: 256}, bodyContains: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got echoed
			expr := `(async () => { const r = await authgear.fetch(` + tt.args + `); return { status: r.status, ...(await r.json()) }; })()`
			if err := tb.tryEval(expr, &got); err != nil {
				t.Fatal(err)
			}
			if got.Status != 200 || got.Path != "/api/echo" || got.Headers["authorization"] != "DPoP <present>" {
				t.Fatalf("status %d path %s authorization %q, want 200 /api/echo with the (DPoP-bound) token", got.Status, got.Path, got.Headers["authorization"])
			}
			if got.Method != tt.want.Method || got.Query != tt.want.Query {
				t.Errorf("method %s query %q, want %s %q", got.Method, got.Query, tt.want.Method, tt.want.Query)
			}
			for name, v := range tt.want.Headers {
				if got.Headers[name] != v {
					t.Errorf("header %s = %q, want %q", name, got.Headers[name], v)
				}
			}
			if ct := got.Headers["content-type"]; !strings.HasPrefix(ct, tt.contentType) || (tt.contentType == "") != (ct == "") {
				t.Errorf("Content-Type %q, want %q", ct, tt.contentType)
			}
			switch {
			case tt.bodyContains != nil:
				for _, s := range tt.bodyContains {
					if !strings.Contains(got.Body, s) {
						t.Errorf("body %q lacks %q", got.Body, s)
					}
				}
			case got.Body != tt.want.Body:
				t.Errorf("body %q, want %q", got.Body, tt.want.Body)
			}
			if tt.want.BodyLength != 0 && got.BodyLength != tt.want.BodyLength {
				t.Errorf("body length %d, want %d", got.BodyLength, tt.want.BodyLength)
			}
		})
	}
}

func TestFetch_StreamBodyBehavesAsNativeFetch(t *testing.T) {
	t.Parallel()
	// A DPoP-bound token is sent the usual way (its proof is signed asynchronously), a
	// Bearer token by the quick path (jsbridge/quick_exports.go): both must agree with fetch.
	for _, dpop := range []bool{true, false} {
		name := map[bool]string{true: "DPoP token", false: "Bearer token"}[dpop]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			streamBodyBehavesAsNativeFetch(t, dpop)
		})
	}
}

func streamBodyBehavesAsNativeFetch(t *testing.T, dpop bool) {
	srv := startApp(t, devserver.Config{})
	if !dpop {
		srv.IdP.SetDPoP(devidp.DPoPSettings{Enabled: false})
	}
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	// A ReadableStream body needs duplex: "half"; Chrome streams uploads only over HTTP/2
	// or later, and the demo API speaks HTTP/1.1. Whatever native fetch does with the same
	// request (with the same header), authgear.fetch must do too.
	type outcome struct {
		Resolved    bool   `json:"resolved"`
		Status      int    `json:"status"`
		Body        string `json:"body"`
		Name        string `json:"name"`
		IsTypeError bool   `json:"isTypeError"`
	}
	var got struct {
		Native outcome `json:"native"`
		SDK    outcome `json:"sdk"`
	}
	tb.eval(`(async () => {
	  const stream = () => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("streamed")); c.close(); } });
	  const run = async (f, headers) => {
	    try {
	      const r = await f("/api/echo", { method: "POST", body: stream(), duplex: "half", headers });
	      return { resolved: true, status: r.status, body: (await r.json()).body };
	    } catch (e) { return { resolved: false, name: e.name, isTypeError: e instanceof TypeError }; }
	  };
	  await authgear.refreshAccessTokenIfNeeded();
	  return { native: await run((...a) => fetch(...a), { authorization: "Bearer " + authgear.accessToken }),
	           sdk: await run((...a) => authgear.fetch(...a), {}) };
	})()`, &got)
	t.Logf("native fetch with a stream body: %+v", got.Native)
	if got.SDK != got.Native {
		t.Fatalf("authgear.fetch %+v, native fetch %+v", got.SDK, got.Native)
	}
	if got.Native.Resolved && (got.Native.Status != 200 || got.Native.Body != "streamed") {
		t.Fatalf("streamed upload: %+v", got.Native)
	}
	if !got.Native.Resolved && !got.Native.IsTypeError {
		t.Fatalf("native fetch rejected with %s, want a TypeError", got.Native.Name)
	}
}

func TestFetch_AbortSignal(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	// Bearer tokens: the native-fetch yardstick adds the token by hand, which a DPoP-bound
	// token cannot be (its proof is made per request by the SDK).
	srv.IdP.SetDPoP(devidp.DPoPSettings{Enabled: false})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	type aborted struct {
		Rejected       bool    `json:"rejected"`
		Name           string  `json:"name"`
		IsDOMException bool    `json:"isDOMException"`
		AfterAbortMS   float64 `json:"afterAbortMs"`
	}
	// In flight: the request has reached the server, which would answer after 5 s. Native
	// fetch gets the same request, with the token added by hand, as the yardstick.
	tests := []struct{ name, call string }{
		{name: "native fetch", call: `fetch("/api/slow?ms=5000", { signal: c.signal, headers: { Authorization: "Bearer " + authgear.accessToken } })`},
		{name: "authgear.fetch", call: `authgear.fetch("/api/slow?ms=5000", { signal: c.signal })`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetAPIRequests()
			if err := tb.tryEval(`(() => { const c = new AbortController(); window.slow = { c };
			  window.slow.p = `+tt.call+`.then(
			    (r) => ({ rejected: false }),
			    (e) => ({ rejected: true, name: e.name, isDOMException: e instanceof DOMException,
			              afterAbortMs: performance.now() - window.slow.abortedAt })); })()`, nil); err != nil {
				t.Fatal(err)
			}
			waitUntil(t, "the slow request to reach the API", func() bool { return len(srv.APIRequests()) == 1 })
			var got aborted
			if err := tb.tryEval(`window.slow.abortedAt = performance.now(); window.slow.c.abort(); window.slow.p`, &got); err != nil {
				t.Fatal(err)
			}
			if !got.Rejected || got.Name != "AbortError" || !got.IsDOMException || got.AfterAbortMS > 2000 {
				t.Fatalf("aborted in flight: %+v, want an AbortError DOMException at once", got)
			}
		})
	}

	// Aborted before the call: rejects like fetch, and nothing is sent.
	srv.ResetAPIRequests()
	var got aborted
	tb.eval(`(async () => { const c = new AbortController(); c.abort();
	  try { await authgear.fetch("/api/echo", { signal: c.signal }); return { rejected: false }; }
	  catch (e) { return { rejected: true, name: e.name, isDOMException: e instanceof DOMException }; } })()`, &got)
	if !got.Rejected || got.Name != "AbortError" || !got.IsDOMException {
		t.Fatalf("pre-aborted signal: %+v, want AbortError", got)
	}
	if reqs := srv.APIRequests(); len(reqs) != 0 {
		t.Fatalf("a pre-aborted fetch reached the API: %s", describe(reqs))
	}
}

func TestFetch_ResolvesWithTheNativeResponseAndAnUnreadStream(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")

	const size = 300_000
	var got struct {
		IsResponse bool   `json:"isResponse"`
		BodyUsed   bool   `json:"bodyUsed"`
		Chunks     int    `json:"chunks"`
		Bytes      int    `json:"bytes"`
		Text       string `json:"text"`
	}
	tb.eval(`(async () => {
	  const r = await authgear.fetch("/api/echo", { method: "POST", body: "x".repeat(300000) });
	  const isResponse = r instanceof Response, bodyUsed = r.bodyUsed;
	  const reader = r.body.getReader(), parts = [];
	  let bytes = 0;
	  for (;;) { const { done, value } = await reader.read(); if (done) break; parts.push(value); bytes += value.length; }
	  const all = new Uint8Array(bytes); let at = 0;
	  for (const p of parts) { all.set(p, at); at += p.length; }
	  return { isResponse, bodyUsed, chunks: parts.length, bytes, text: new TextDecoder().decode(all) };
	})()`, &got)
	if !got.IsResponse || got.BodyUsed || got.Chunks < 1 {
		t.Fatalf("response: native %v, bodyUsed %v, %d chunks", got.IsResponse, got.BodyUsed, got.Chunks)
	}
	var e echoed
	if err := json.Unmarshal([]byte(got.Text), &e); err != nil || e.BodyLength != size || got.Bytes != len(got.Text) {
		t.Fatalf("streamed body: %d bytes, decode %v, echoed length %d", got.Bytes, err, e.BodyLength)
	}
	t.Logf("read %d bytes in %d chunks through response.body.getReader()", got.Bytes, got.Chunks)
}
