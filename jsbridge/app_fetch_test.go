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
		args                      string // the arguments of fetch, as a JS array
		url                       string
		own, ownCreds, replayable bool
	}{
		{name: "relative URL", args: `["/api?x=1"]`, url: "/api?x=1", replayable: true},
		{name: "own Authorization", args: `["/api", { headers: { authorization: "Basic eA==" } }]`, url: "/api", own: true, replayable: true},
		{name: "own credentials", args: `["/api", { credentials: "omit" }]`, url: "/api", ownCreds: true, replayable: true},
		{name: "a Request keeps its header", args: `[new Request("/api", { headers: { Authorization: "x" } })]`, url: "/api", own: true, replayable: true},
		{name: "stream body", args: `["/api", { method: "POST", body: new ReadableStream(), duplex: "half" }]`, url: "/api"},
	}
	base, err := URLParser{}.Parse(PageNavigator{}.Location(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := evalJS(t, tt.args)
			n, _ := args.Length()
			list := make([]safejs.Value, n)
			for i := range list {
				list[i], _ = args.Index(i)
			}
			r, err := newAppRequest(list)
			if err != nil {
				t.Fatal(err)
			}
			if want := base.Origin + tt.url; r.URL() != want || r.OwnAuthorization() != tt.own || r.OwnCredentials() != tt.ownCreds || r.Replayable() != tt.replayable {
				t.Fatalf("url %s own %v ownCreds %v replayable %v; want %s %v %v %v", r.URL(), r.OwnAuthorization(),
					r.OwnCredentials(), r.Replayable(), want, tt.own, tt.ownCreds, tt.replayable)
			}
		})
	}
}

func TestNewAppRequest_ABadRequestRejectsWithTheBrowsersOwnError(t *testing.T) {
	_, err := newAppRequest([]safejs.Value{evalJS(t, `"http://[bad"`)})
	ne, ok := err.(*nativeError)
	if !ok {
		t.Fatalf("err = %v, want the browser's TypeError passed through", err)
	}
	if name, _ := stringProp(ne.value, "name"); name != "TypeError" {
		t.Fatalf("rejects with %s, want TypeError as fetch does", name)
	}
}

func TestAppRequest_SendAddsTheCredentialsAndKeepsACopyForTheReplay(t *testing.T) {
	r, err := newAppRequest([]safejs.Value{evalJS(t, `"/echo"`), evalJS(t, `({ method: "POST", body: "payload" })`)})
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
