package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestDemoPage_RefreshSignedOutAndIn: "Refresh token if needed" says there is nothing to
// refresh while signed out (it printed "expires at undefined"), and names the due time
// once signed in.
func TestDemoPage_RefreshSignedOutAndIn(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	tb.run(chromedp.Click("#refresh", chromedp.ByQuery))
	tb.waitFor(`document.querySelector("#output").textContent !== ""`, 20*time.Second)
	var out string
	tb.eval(`document.querySelector("#output").textContent`, &out)
	if out != "not signed in: no access token to refresh" {
		t.Errorf("signed out, the refresh button printed %q", out)
	}
	loginThroughForm(t, tb, "alice", "wonderland")
	tb.run(chromedp.Click("#refresh", chromedp.ByQuery))
	tb.waitFor(`document.querySelector("#output").textContent.startsWith("access token due for refresh at ")`, 20*time.Second)
	tb.eval(`document.querySelector("#output").textContent`, &out)
	if strings.Contains(out, "undefined") {
		t.Errorf("signed in, the refresh button printed %q", out)
	}
}
