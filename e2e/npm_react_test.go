package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestNPMReact_StrictModeLoginAPILogout drives the React consumer app (wasmgear/react,
// rendered under StrictMode, built by Vite from the installed tarball) through login →
// API → logout. StrictMode runs every effect twice: useAuthgearCallback ends "done", and
// finishAuthentication called from a plain mount effect (twice) resolves with the login
// both times, not no_authentication; the code is redeemed once.
func TestNPMReact_StrictModeLoginAPILogout(t *testing.T) {
	t.Parallel()
	root := consumerBundle(t, "dist-react")
	srv := startAppAt(t, root, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitFor(`document.querySelector("#state")?.textContent === "NO_SESSION" && !document.querySelector("#login").disabled`, 20*time.Second)
	var mounts int
	tb.eval(`window.mountEffects`, &mounts)
	if mounts != 2 {
		t.Fatalf("App's mount effect ran %d times, want 2: the bundle is not React's development build, StrictMode is off", mounts)
	}

	tb.run(chromedp.Click("#login", chromedp.ByQuery))
	fillLoginForm(t, tb, srv.AppURL, "alice", "wonderland")
	tb.waitForPage(srv.AppURL, `document.querySelector("#state")?.textContent === "AUTHENTICATED" &&
	  document.querySelector("#user").textContent !== ""`, 20*time.Second)
	var got struct {
		Callback string `json:"callback"`
		User     string `json:"user"`
		Error    string `json:"error"`
		Href     string `json:"href"`
	}
	tb.waitFor(`document.querySelector("#callback").textContent !== "pending"`, 20*time.Second)
	tb.eval(`({ callback: document.querySelector("#callback").textContent, user: document.querySelector("#user").textContent,
	  error: document.querySelector("#error").textContent, href: location.href })`, &got)
	if got.Callback != "done" || got.User != demoSub(t, "alice") || got.Error != "" || strings.Contains(got.Href, "code=") {
		t.Fatalf("after the login under StrictMode: %+v, want callback done, alice's sub, no error, code gone", got)
	}
	var plain []string
	tb.waitFor(`window.plainFinishes.length === 2`, 20*time.Second)
	tb.eval(`window.plainFinishes`, &plain)
	if want := "done " + demoSub(t, "alice"); len(plain) != 2 || plain[0] != want || plain[1] != want {
		t.Errorf("finishAuthentication in a plain mount effect under StrictMode answered %q, want %q twice", plain, want)
	}
	if n := srv.IdP.Counts()["token:authorization_code"]; n != 1 {
		t.Errorf("the code was redeemed %d times, want 1", n)
	}

	tb.run(chromedp.Click("#api", chromedp.ByQuery))
	tb.waitFor(`document.querySelector("#api-result").textContent !== ""`, 20*time.Second)
	var api string
	tb.eval(`document.querySelector("#api-result").textContent`, &api)
	if api != "200 "+demoSub(t, "alice") {
		t.Errorf("API call: %q, want 200 and alice's sub", api)
	}
	if r := srv.APIRequests(); len(r) != 1 || !strings.HasPrefix(r[0].Authorization, "DPoP ") {
		t.Errorf("API requests %+v, want one with the (DPoP-bound) token", r)
	}

	tb.run(chromedp.Click("#logout", chromedp.ByQuery))
	waitUntil(t, "the revocation and end_session", func() bool {
		c := srv.IdP.Counts()
		return c["revoke"] == 1 && c["end_session"] == 1
	})
	tb.waitForPage(srv.AppURL, `document.querySelector("#state")?.textContent === "NO_SESSION" && document.querySelector("#callback").textContent === "idle"`, 20*time.Second)
}
