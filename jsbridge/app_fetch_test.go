//go:build js && wasm

package jsbridge

import (
	"testing"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

func TestNewAppRequest_ReadsWhatTheCoreDecidesOn(t *testing.T) {
	tests := []struct {
		name                      string
		args                      string // what the glue passes: its Request and the flags it read
		url, method               string
		own, ownCreds, replayable bool
	}{
		{name: "relative URL", args: `[new Request("/api?x=1"), 1]`, url: "/api?x=1", method: "GET", replayable: true},
		{name: "own Authorization", args: `[new Request("/api", { method: "post" }), 3]`, url: "/api", method: "POST", own: true, replayable: true},
		{name: "own credentials, a stream body", args: `[new Request("/api"), 4]`, url: "/api", method: "GET", ownCreds: true},
	}
	base, err := URLParser{}.Parse(PageNavigator{}.Location(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := newAppRequest(jsList(t, tt.args), &FetchTransport{})
			if err != nil {
				t.Fatal(err)
			}
			if want := base.Origin + tt.url; r.URL() != want || r.Method() != tt.method || r.OwnAuthorization() != tt.own || r.OwnCredentials() != tt.ownCreds || r.Replayable() != tt.replayable {
				t.Fatalf("url %s %s own %v ownCreds %v replayable %v; want %s %s %v %v %v", r.URL(), r.Method(), r.OwnAuthorization(),
					r.OwnCredentials(), r.Replayable(), want, tt.method, tt.own, tt.ownCreds, tt.replayable)
			}
		})
	}
}

func TestNewAppRequest_WithoutTheGluesRequestIsAnError(t *testing.T) {
	// A JS property read of undefined would throw through the Go program: it is refused first.
	if _, err := newAppRequest([]safejs.Value{evalJS(t, `"/api"`)}, &FetchTransport{}); err == nil {
		t.Fatal("a string in place of the Request was accepted")
	}
}

// jsList evaluates a JS array expression into its elements.
func jsList(t *testing.T, expr string) []safejs.Value {
	t.Helper()
	args := evalJS(t, expr)
	n, _ := args.Length()
	list := make([]safejs.Value, n)
	for i := range list {
		list[i], _ = args.Index(i)
	}
	return list
}

func TestAppRequest_SendAddsTheCredentialsAndKeepsACopyForTheReplay(t *testing.T) {
	r, err := newAppRequest(jsList(t, `[new Request("/echo", { method: "POST", body: "payload" }), 1]`), &FetchTransport{})
	if err != nil {
		t.Fatal(err)
	}
	for _, header := range []string{"Bearer first", "Bearer second"} {
		reply, err := r.Send(testCtx(t), sdk.Credentials{Authorization: header})
		if err != nil || reply.StatusCode() != 200 {
			t.Fatalf("send with %s: %v", header, err)
		}
		resp := fetchResult(reply).(safejs.Value)
		p, _ := resp.Call("json")
		body, err := awaitTest(t, p)
		if err != nil {
			t.Fatal(err)
		}
		headers, _ := getProp(body, "headers")
		sent, _ := stringProp(body, "body")
		if auth, _ := stringProp(headers, "authorization"); auth != header || sent != "payload" {
			t.Fatalf("the server saw authorization %q and body %q, want %q and the body again", auth, sent, header)
		}
	}
}
