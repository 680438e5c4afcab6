package sdk

import "sync"

// Warner writes a developer-facing warning (console.warn in the browser). It is never
// given a token.
type Warner func(msg string)

// WithWarner sets where the container's warnings go; without it, they are dropped.
func WithWarner(w Warner) Option { return func(s *settings) { s.warner = w } }

// withheldOrigins remembers the origins a request went to without the session's
// credentials, so that the developer hears about each one once, on its first request.
type withheldOrigins struct {
	warn Warner

	mu   sync.Mutex // guards seen
	seen map[string]bool
}

// note tells the developer, once per origin, that a request went to origin without the
// session's credentials: an API on another origin finds out at once why it gets none.
// The message names the origin and the option, never a token.
func (w *withheldOrigins) note(origin string) {
	if w.warn == nil {
		return
	}
	w.mu.Lock()
	first := !w.seen[origin]
	if first {
		if w.seen == nil {
			w.seen = map[string]bool{}
		}
		w.seen[origin] = true
	}
	w.mu.Unlock()
	if first {
		w.warn("wasmgear: authgear.fetch sent a request to " + origin + " without the session's credentials: " +
			"only the page's own origin gets them. If this API should, add it to configure({ apiOrigins: [\"" + origin + "\"] }).")
	}
}

// noteWithheld warns about a request the allowlist sent without credentials, when there
// were credentials to withhold: a session in token mode, or cookie mode (whose cookie the
// SDK cannot see), and the caller did not set its own.
func (c *Container) noteWithheld(cfg *config, out Outgoing, origin string) {
	if origin == "" || origin == "null" {
		return
	}
	if cfg.SessionType == SessionTypeCookie {
		if out.OwnCredentials() {
			return
		}
	} else if out.OwnAuthorization() || c.Snapshot().State != SessionStateAuthenticated {
		return
	}
	c.withheld.note(origin)
}
