package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// screenshotDir is where the demo screenshots go: git-ignored, kept by CI as artifacts
// (the Makefile's test-e2e names it).
var screenshotDir = filepath.Join(repoRoot, "artifacts", "screenshots")

// viewport is a window size a screenshot test looks at the pages in.
type viewport struct {
	name          string
	width, height int64
	mobile        bool // phone: the page's viewport meta applies, as on a real phone
}

var viewports = []viewport{
	{name: "desktop", width: 1280, height: 800},
	{name: "phone", width: 390, height: 844, mobile: true},
}

// element is what a user can tell about one element of the page.
type element struct {
	Exists   bool   `json:"exists"`
	Visible  bool   `json:"visible"`
	Disabled bool   `json:"disabled"`
	Text     string `json:"text"`
}

// layout is what a user sees of the page as a whole: anything wider than the window
// (a horizontal scroll bar on a phone), and elements whose content is cut off.
type layout struct {
	InnerWidth  int      `json:"innerWidth"`
	ScrollWidth int      `json:"scrollWidth"`
	Clipped     []string `json:"clipped"`
}

const layoutJS = `(() => {
  const clipped = [];
  for (const e of document.querySelectorAll("button, h1, h2, label, input, pre, code, output, p, li, a")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0) continue;
    const s = getComputedStyle(e);
    const scrolls = s.overflowX === "auto" || s.overflowX === "scroll";
    if (r.right > innerWidth + 1 || (!scrolls && e.scrollWidth > e.clientWidth + 1 && s.display !== "inline")) {
      clipped.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + ": " + e.textContent.trim().slice(0, 40));
    }
  }
  return { innerWidth, scrollWidth: document.documentElement.scrollWidth, clipped };
})()`

// screens drives one tab through the demo's states, checking each at every viewport and
// saving a full-page screenshot of it.
type screens struct {
	t  *testing.T
	tb *tab

	mu     sync.Mutex
	failed []string // responses >= 400 and failed loads of page resources
}

// newScreens watches tb's network for resources that fail to load.
func newScreens(t *testing.T, tb *tab) *screens {
	t.Helper()
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &screens{t: t, tb: tb}
	types := map[string]network.ResourceType{}
	chromedp.ListenTarget(tb.ctx, func(ev any) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			types[string(ev.RequestID)] = ev.Type
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 && pageResource(ev.Type) {
				s.failed = append(s.failed, ev.Response.URL+" "+ev.Response.StatusText)
			}
		case *network.EventLoadingFailed:
			if pageResource(ev.Type) && !ev.Canceled {
				s.failed = append(s.failed, string(ev.Type)+" "+ev.ErrorText)
			}
		}
	})
	return s
}

// pageResource is a request the page needs to look right (not an API call, whose status
// is the app's business).
func pageResource(t network.ResourceType) bool {
	switch t {
	case network.ResourceTypeDocument, network.ResourceTypeStylesheet, network.ResourceTypeScript,
		network.ResourceTypeImage, network.ResourceTypeFont, network.ResourceTypeOther:
		return true
	}
	return false
}

// noFailedResources fails the test for every page resource that did not load.
func (s *screens) noFailedResources() {
	s.t.Helper()
	s.tb.eval(`1`, nil) // every event before this round trip has arrived
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.failed {
		s.t.Errorf("a page resource failed to load: %s", f)
	}
}

// el describes the element sel selects.
func (s *screens) el(sel string) element {
	s.t.Helper()
	var e element
	s.tb.eval(`(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e) return { exists: false };
	  const r = e.getBoundingClientRect(), st = getComputedStyle(e);
	  return { exists: true, visible: r.width > 0 && r.height > 0 && st.visibility !== "hidden",
	    disabled: !!e.disabled, text: e.textContent.replace(/\s+/g, " ").trim() }; })()`, &e)
	return e
}

// each runs check at every viewport and saves the screenshot <state>-<viewport>.png.
func (s *screens) each(state string, check func(v viewport)) {
	s.t.Helper()
	for _, v := range viewports {
		s.tb.run(emulation.SetDeviceMetricsOverride(v.width, v.height, 1, v.mobile))
		s.tb.waitFor(`innerWidth === `+strconv.FormatInt(v.width, 10)+` && document.readyState === "complete"`, 10*time.Second)
		var l layout
		s.tb.eval(layoutJS, &l)
		if v.mobile && l.ScrollWidth > l.InnerWidth {
			s.t.Errorf("%s at %s: the page is %d px wide in a %d px window (horizontal scrolling)", state, v.name, l.ScrollWidth, l.InnerWidth)
		}
		if len(l.Clipped) > 0 {
			s.t.Errorf("%s at %s: content cut off or past the window's edge: %s", state, v.name, strings.Join(l.Clipped, "; "))
		}
		check(v)
		// The tab must be the front one of its window: a tab behind another gets no frames,
		// and a screenshot waits for one (openWindow keeps other tabs out of its way).
		var png []byte
		ctx, cancel := context.WithTimeout(s.tb.ctx, 20*time.Second)
		err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100))
		cancel()
		if err != nil {
			s.t.Fatalf("screenshot %s at %s: %v", state, v.name, err)
		}
		if err := os.WriteFile(filepath.Join(screenshotDir, state+"-"+v.name+".png"), png, 0o644); err != nil {
			s.t.Fatal(err)
		}
	}
	s.tb.run(emulation.ClearDeviceMetricsOverride())
}

// openWindow opens url in a tab of its own window in tb's browser context, so that tb
// stays the front tab of its window (bringing it to the front instead changes which
// windows the browser treats as visible, and slows other tests' tabs).
func openWindow(t *testing.T, tb *tab, url string) *tab {
	t.Helper()
	c := chromedp.FromContext(tb.ctx)
	var id target.ID
	err := chromedp.Run(tb.ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		id, err = target.CreateTarget(url).WithBrowserContextID(c.BrowserContextID).WithNewWindow(true).
			Do(cdp.WithExecutor(ctx, c.Browser))
		return err
	}))
	if err != nil {
		t.Fatalf("open a window for %s: %v", url, err)
	}
	ctx, cancel := chromedp.NewContext(tb.ctx, chromedp.WithTargetID(id))
	t.Cleanup(cancel)
	w := &tab{t: t, ctx: ctx}
	w.run() // attach
	return w
}
