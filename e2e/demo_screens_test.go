package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// groupButtonsJS lists the buttons of a data-needs group as the page shows them, so the
// checks hold whatever buttons a group gains later.
const groupButtonsJS = `[...document.querySelectorAll("main [data-needs=signed-in] button, main button[data-needs=signed-in]")]
  .map((b) => ({ id: b.id, disabled: b.disabled, hidden: b.hidden }))`

type groupButton struct {
	ID       string `json:"id"`
	Disabled bool   `json:"disabled"`
	Hidden   bool   `json:"hidden"`
}

// TestDemoScreens_Journey drives the demo as a new user would, with the default
// `make demo` server (JWT-checked API): signed out, the provider's sign-in page, signed
// in, after logout, manual mode before and after Configure, and cookie mode's hint.
// Each state is checked and photographed at desktop and phone width. Not parallel, as
// neither screenshot test is: full-page screenshots load the shared browser enough to
// slow the request-count tests' tabs past their tokens' 3 s lifetimes, so these run
// alone, before the parallel tests start.
func TestDemoScreens_Journey(t *testing.T) {
	srv := startApp(t, devserver.Config{})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/")
	s := newScreens(t, tb)
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)

	s.each("signed-out", func(v viewport) {
		s.signedInButtons(v, false)
		if e := s.el("#login"); !e.Visible || e.Disabled {
			t.Errorf("signed out at %s: Log in %+v, want visible and enabled", v.name, e)
		}
		if e := s.el("#logout"); e.Visible {
			t.Errorf("signed out at %s: Log out is shown", v.name)
		}
		if e := s.el("#refresh"); !e.Visible || e.Disabled {
			t.Errorf("signed out at %s: Refresh token if needed %+v, want usable (it says there is nothing to refresh)", v.name, e)
		}
		if e := s.el("#cookie-mode"); !e.Visible || !strings.Contains(e.Text, "make demo DEMO_FLAGS=-resolver") {
			t.Errorf("signed out at %s: the cookie-mode hint %+v does not name the flag", v.name, e)
		}
		if e := s.el("#configure"); e.Visible {
			t.Errorf("signed out at %s: Configure shown outside manual mode", v.name)
		}
	})

	tb.run(chromedp.Click("#login", chromedp.ByQuery))
	tb.waitForPage(srv.IdPURL, `document.querySelector("#username")`, 20*time.Second)
	s.each("provider-sign-in", func(v viewport) {
		var look struct {
			Viewport string `json:"viewport"`
			Radius   string `json:"radius"`
			Width    int    `json:"width"`
		}
		tb.eval(`({ viewport: document.querySelector("meta[name=viewport]")?.content || "",
		  radius: getComputedStyle(document.querySelector("main")).borderTopLeftRadius,
		  width: document.querySelector("#username").getBoundingClientRect().width })`, &look)
		if look.Viewport == "" || look.Radius == "0px" || look.Width < 200 {
			t.Errorf("sign-in page at %s: %+v, want a viewport meta, the stylesheet applied, a full-width field", v.name, look)
		}
		if e := s.el("#demo-login"); !e.Visible || !strings.Contains(e.Text, "alice / wonderland") {
			t.Errorf("sign-in page at %s: demo-login hint %+v", v.name, e)
		}
		for _, id := range []string{"#username", "#password", "#login", "#cancel"} {
			if e := s.el(id); !e.Visible || e.Disabled {
				t.Errorf("sign-in page at %s: %s %+v", v.name, id, e)
			}
		}
	})
	tb.run(
		chromedp.SendKeys("#username", "alice", chromedp.ByQuery),
		chromedp.SendKeys("#password", "wonderland", chromedp.ByQuery),
		chromedp.Click("#login", chromedp.ByQuery),
	)
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED" && document.querySelector("#output").textContent.includes("sub")`, 20*time.Second)

	// A long unbroken line (a token, a URL) wraps instead of running off.
	tb.eval(`document.querySelector("#output").textContent += "\n" + "y".repeat(400)`, nil)
	s.each("signed-in", func(v viewport) {
		s.signedInButtons(v, true)
		if e := s.el("#login"); e.Visible {
			t.Errorf("signed in at %s: Log in still shown", v.name)
		}
		if e := s.el("#logout"); !e.Visible || e.Disabled {
			t.Errorf("signed in at %s: Log out %+v", v.name, e)
		}
		if e := s.el("#user"); e.Text != "alice@example.com" {
			t.Errorf("signed in at %s: user %q, want alice@example.com", v.name, e.Text)
		}
		var wraps bool
		tb.eval(`(() => { const o = document.querySelector("#output"); return o.scrollWidth <= o.clientWidth; })()`, &wraps)
		if !wraps {
			t.Errorf("signed in at %s: a long output line scrolls sideways instead of wrapping", v.name)
		}
	})

	// A second tab hears of the logout and stays: it has no redirect to carry reasons over.
	other := openWindow(t, tb, srv.AppURL+"/")
	other.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "AUTHENTICATED"`, 20*time.Second)
	tb.run(chromedp.Click("#logout", chromedp.ByQuery))
	waitUntil(t, "end_session", func() bool { return srv.IdP.Counts()["end_session"] == 1 })
	other.waitFor(`demo.reasons.includes("LOGOUT")`, 20*time.Second)
	other.run(chromedp.Reload())
	other.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	var otherReasons string
	other.eval(`document.querySelector("#reasons").textContent`, &otherReasons)
	if otherReasons != "NO_TOKEN" {
		t.Errorf("the other tab, reloaded after hearing of the logout, shows reasons %q, want NO_TOKEN", otherReasons)
	}
	if err := chromedp.Run(other.ctx, page.Close()); err != nil { // one tab less to render
		t.Errorf("closing the other tab: %v", err)
	}
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION" && document.querySelector("#output").textContent !== ""`, 20*time.Second)
	s.each("after-logout", func(v viewport) {
		s.signedInButtons(v, false)
		if e := s.el("#reasons"); !strings.Contains(e.Text, "LOGOUT") || !strings.HasSuffix(e.Text, "NO_TOKEN") {
			t.Errorf("after logout at %s: reasons %q, want the LOGOUT before the provider's redirect, then NO_TOKEN", v.name, e.Text)
		}
		if e := s.el("#output"); !strings.HasPrefix(e.Text, "Logged out") {
			t.Errorf("after logout at %s: output %q", v.name, e.Text)
		}
		if e := s.el("#login"); !e.Visible || e.Disabled {
			t.Errorf("after logout at %s: Log in %+v", v.name, e)
		}
	})

	tb.run(chromedp.Navigate(srv.AppURL + "/?manual=1"))
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && document.querySelector("#configure") && !document.querySelector("#configure").hidden`, 20*time.Second)
	s.each("manual-before-configure", func(v viewport) {
		s.signedInButtons(v, false)
		if e := s.el("#state"); e.Text != "UNKNOWN" {
			t.Errorf("manual mode at %s: state %q before Configure", v.name, e.Text)
		}
		if e := s.el("#configure"); !e.Visible || e.Disabled {
			t.Errorf("manual mode at %s: Configure %+v", v.name, e)
		}
		if l, r := s.el("#login"), s.el("#refresh"); !l.Disabled || !r.Disabled {
			t.Errorf("manual mode at %s: Log in %+v and Refresh %+v usable before configure", v.name, l, r)
		}
		if e := s.el("#manual-note"); !e.Visible {
			t.Errorf("manual mode at %s: no note says what the page waits for", v.name)
		}
	})
	tb.run(chromedp.Click("#configure", chromedp.ByQuery))
	tb.waitFor(`authgear.sessionState === "NO_SESSION" && document.querySelector("#output").textContent !== ""`, 20*time.Second)
	s.each("manual-after-configure", func(v viewport) {
		if e := s.el("#output"); e.Text != "configure() resolved: sessionState UNKNOWN → NO_SESSION (reason NO_TOKEN)" {
			t.Errorf("manual mode at %s after Configure: output %q", v.name, e.Text)
		}
		if e := s.el("#login"); !e.Visible || e.Disabled {
			t.Errorf("manual mode at %s after Configure: Log in %+v", v.name, e)
		}
		if e := s.el("#manual-note"); e.Visible {
			t.Errorf("manual mode at %s after Configure: the note still says configure has not run", v.name)
		}
	})

	tb.run(chromedp.Click("#cookie-link", chromedp.ByQuery))
	tb.waitForPage(srv.AppURL+"/?mode=cookie", `typeof demo !== "undefined" && authgear.sessionType === "cookie" && authgear.clientID !== undefined`, 20*time.Second)
	s.each("cookie-mode-jwt-api", func(v viewport) {
		if e := s.el("#resolver-needed"); !e.Visible || !strings.Contains(e.Text, "make demo DEMO_FLAGS=-resolver") {
			t.Errorf("cookie mode against a JWT API at %s: hint %+v", v.name, e)
		}
		if e := s.el("#session-type"); e.Text != "cookie session" {
			t.Errorf("cookie mode at %s: session type %q", v.name, e.Text)
		}
	})
	s.noFailedResources()
}

// TestDemoScreens_CookieModeLinkWorksWithTheResolver: against `make demo
// DEMO_FLAGS=-resolver` the page's cookie-mode link just works: sign in, call the API
// with the cookie.
func TestDemoScreens_CookieModeLinkWorksWithTheResolver(t *testing.T) {
	srv := startApp(t, devserver.Config{ResolverMode: true, ResolverCacheTTL: devserver.NoResolverCache})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	s := newScreens(t, tb)
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && authgear.sessionState === "NO_SESSION"`, 20*time.Second)
	if e := s.el("#cookie-flag"); e.Visible {
		t.Errorf("with the resolver API the cookie link still asks for a flag: %q", e.Text)
	}
	tb.run(chromedp.Click("#cookie-link", chromedp.ByQuery))
	tb.waitForPage(srv.AppURL+"/?mode=cookie", `typeof demo !== "undefined" && authgear.sessionType === "cookie" && authgear.clientID !== undefined`, 20*time.Second)
	s.each("cookie-mode-signed-out", func(v viewport) {
		if e := s.el("#cookie-note"); !e.Visible {
			t.Errorf("cookie mode at %s: no note explains the UNKNOWN state", v.name)
		}
		if e := s.el("#resolver-needed"); e.Visible {
			t.Errorf("cookie mode with the resolver at %s: asks for the flag it has", v.name)
		}
	})
	loginWithCookie(t, tb, "alice", "wonderland")
	tb.run(chromedp.Click("#api", chromedp.ByQuery))
	tb.waitFor(`document.querySelector("#output").textContent.includes('"mode": "resolver"')`, 20*time.Second)
	s.each("cookie-mode-signed-in", func(v viewport) {
		s.signedInButtons(v, true)
		if e := s.el("#login"); e.Visible {
			t.Errorf("cookie mode signed in at %s: Log in still shown", v.name)
		}
	})
	s.noFailedResources()
}

// signedInButtons checks every button that needs a session: usable exactly when signed
// in. It looks them up by their group, so a button added to a group is checked too.
func (s *screens) signedInButtons(v viewport, signedIn bool) {
	s.t.Helper()
	var buttons []groupButton
	s.tb.eval(groupButtonsJS, &buttons)
	if len(buttons) < 5 {
		s.t.Fatalf("at %s: only %d buttons need a session: %+v", v.name, len(buttons), buttons)
	}
	for _, b := range buttons {
		if b.Disabled == signedIn || (signedIn && b.Hidden) {
			s.t.Errorf("at %s, signed in %v: button #%s disabled %v hidden %v", v.name, signedIn, b.ID, b.Disabled, b.Hidden)
		}
	}
}
