package devidp

import (
	"html/template"
	"net/http"
)

// Paths of the assets every HTML page of the provider shares. One served stylesheet, not
// a <style> per page, so a page added later (settings, a new flow) looks the same by
// starting its <head> with {{template "head" .Base}} (parse it with pageTemplate; its
// data embeds pageChrome), and a strict style-src 'self' policy keeps working.
const (
	stylePath   = "/_devidp/style.css"
	faviconPath = "/favicon.ico"
)

// faviconSVG is the provider's icon: a key on a slate square, distinct from the demo
// app's so that a developer can tell the two tabs apart.
const faviconSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#334155"/><circle cx="12" cy="16" r="5" fill="none" stroke="#fbbf24" stroke-width="3"/><path d="M17 16h10v4M23 16v3" fill="none" stroke="#fbbf24" stroke-width="3"/></svg>`

// pageBase holds the "head" template: charset, viewport (phones render at device width
// instead of a zoomed-out 980 px page), the inline icon (no request, so no 404) and the
// stylesheet. Its argument is the provider's base path ("" for an issuer without one).
var pageBase = template.Must(template.New("devidp-base").Parse(`{{define "head"}}<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/svg+xml" href="` + faviconDataURL() + `">
<link rel="stylesheet" href="{{.}}` + stylePath + `">{{end}}`))

// pageTemplate parses one HTML page of the provider, with the shared "head" template
// available to it.
func pageTemplate(name, text string) *template.Template {
	return template.Must(template.Must(pageBase.Clone()).New(name).Parse(text))
}

// faviconDataURL is faviconSVG as a data: URL (RFC 2397), percent-encoding the few
// characters a URL in an attribute cannot carry.
func faviconDataURL() string {
	out := []byte("data:image/svg+xml,")
	for _, c := range []byte(faviconSVG) {
		switch c {
		case '<', '>', '#', '"', '%', ' ':
			out = append(out, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

// pageCSS is the look of every page: a centred card on a quiet background, readable from
// 320 px phones to desktops, with the demo-login hint set apart.
const pageCSS = `:root { color-scheme: light; --ink: #1e293b; --muted: #64748b; --line: #e2e8f0;
  --accent: #4f46e5; --accent-ink: #fff; --bg: #f1f5f9; --card: #fff; --warn-bg: #fef3c7; --warn-ink: #78350f;
  --bad-bg: #fee2e2; --bad-ink: #991b1b; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; min-height: 100vh; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); display: flex; flex-direction: column; align-items: center; padding: max(2rem, 8vh) 1rem 2rem; }
main { width: 100%; max-width: 24rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px;
  padding: 1.75rem 1.5rem; box-shadow: 0 1px 3px rgb(15 23 42 / 6%), 0 8px 24px rgb(15 23 42 / 6%); }
main.wide { max-width: 36rem; }
.brand { display: flex; align-items: center; gap: .5rem; margin: 0 0 1.25rem; font-weight: 600; color: var(--muted); font-size: .875rem; }
.brand img { width: 1.5rem; height: 1.5rem; }
.brand .tag { margin-left: auto; font-weight: 500; font-size: .75rem; padding: .1rem .5rem; border-radius: 999px;
  background: var(--warn-bg); color: var(--warn-ink); }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; }
p { margin: 0 0 1rem; overflow-wrap: anywhere; }
label { display: block; font-weight: 500; font-size: .875rem; margin-bottom: .25rem; }
input { display: block; width: 100%; font: inherit; padding: .55rem .7rem; border: 1px solid #cbd5e1; border-radius: 8px; background: #fff; color: inherit; }
input:focus { outline: 2px solid var(--accent); outline-offset: 1px; border-color: var(--accent); }
.field { margin-bottom: 1rem; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1.25rem; }
button, .button { font: inherit; font-weight: 500; padding: .55rem 1rem; border-radius: 8px; border: 1px solid #cbd5e1;
  background: #fff; color: var(--ink); cursor: pointer; text-decoration: none; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); flex: 1 1 auto; }
button:hover { filter: brightness(.96); }
button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
[role=alert] { background: var(--bad-bg); color: var(--bad-ink); padding: .6rem .8rem; border-radius: 8px; }
.hint { margin: 1.25rem 0 0; padding: .75rem .9rem; border-radius: 8px; background: var(--warn-bg); color: var(--warn-ink); font-size: .875rem; }
.hint ul { margin: .25rem 0 0; padding-left: 1.1rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
footer { margin-top: 1rem; color: var(--muted); font-size: .75rem; text-align: center; }
`

// handleStyle serves pageCSS. Cacheable for a minute: long enough for a session of
// clicking through pages, short enough that a restarted provider's new look shows.
func (s *Server) handleStyle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=60")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write([]byte(pageCSS))
}

// handleFavicon serves the icon for pages that do not link it (a JSON endpoint opened in
// a tab), so the browser's automatic /favicon.ico request finds one.
func (s *Server) handleFavicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write([]byte(faviconSVG))
}
