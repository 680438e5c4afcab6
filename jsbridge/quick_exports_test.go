//go:build js && wasm

package jsbridge

import (
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// quickFetch calls the export as the glue does: the URL written into the buffer first.
func quickFetch(handle int32, url string, flags int32) int32 {
	n := copy(quickURL[:], url)
	return fetchNow(handle, int32(n), flags)
}

func TestQuickExports_AnswerWithBitsOrTheUsualWay(t *testing.T) {
	c, transport := testContainer(t)
	if _, err := containerObject(c, transport); err != nil {
		t.Fatal(err)
	}
	handle := int32(len(quickContainers) - 1)
	page, err := URLParser{}.Parse(PageNavigator{}.Location(), "")
	if err != nil {
		t.Fatal(err)
	}
	api := page.Origin + "/api"

	// Not configured: the usual way, which rejects with not_configured.
	if got := refreshNow(handle); got != 0 {
		t.Fatalf("refresh before configure: %d, want 0 (the usual way)", got)
	}
	if got := quickFetch(handle, api, flagReplayable); got != 0 {
		t.Fatalf("fetch before configure: %d, want 0", got)
	}
	if err := c.Configure(testCtx(t), sdk.Options{ClientID: "c", Endpoint: page.Origin, SessionType: sdk.SessionTypeCookie}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		handle int32
		url    string
		flags  int32
		want   int32
	}{
		{"cookie mode, the page's origin", handle, api, flagReplayable, quickSend | quickIncludeCreds},
		{"the caller chose credentials", handle, api, flagReplayable | flagOwnCredentials, quickSend},
		{"another origin", handle, "https://other.example/x", flagReplayable, quickSend},
		{"an unknown container", int32(len(quickContainers)), api, flagReplayable, 0},
		{"no URL", handle, "", flagReplayable, 0},
	} {
		if got := quickFetch(tt.handle, tt.url, tt.flags); got != tt.want {
			t.Errorf("%s: answer %b, want %b", tt.name, got, tt.want)
		}
	}
	if got := fetchNow(handle, int32(len(quickURL)+1), 0); got != 0 {
		t.Errorf("a length past the buffer: %d, want 0", got)
	}
	if got := refreshNow(handle); got != 1 {
		t.Errorf("refresh in cookie mode: %d, want 1 (nothing to do)", got)
	}
	if replyNeedsGo(401) != 1 || replyNeedsGo(200) != 0 || replyNeedsGo(403) != 0 {
		t.Error("only a 401 may ask for a replay")
	}
}
