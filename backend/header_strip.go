package backend

import (
	"net/http"
	"strings"
)

// authgearHeaderPrefix starts the headers in which Authgear's resolver
// describes a session (x-authgear-session-valid, x-authgear-user-id, ...).
const authgearHeaderPrefix = "x-authgear-"

// withoutClientAuthgearHeaders returns r, or, if the client sent any
// x-authgear-* header, a shallow copy whose header lacks them. Handlers
// written for Authgear's gateway setup read those headers as the
// resolver's verdict; one a client sent itself must never reach them. The
// header is copied, not edited, so the caller's request stays as it came.
func withoutClientAuthgearHeaders(r *http.Request) *http.Request {
	found := false
	for name := range r.Header {
		if isAuthgearHeader(name) {
			found = true
			break
		}
	}
	if !found {
		return r
	}
	out := *r
	out.Header = make(http.Header, len(r.Header))
	for name, values := range r.Header {
		if !isAuthgearHeader(name) {
			out.Header[name] = values
		}
	}
	return &out
}

// isAuthgearHeader compares without regard to case: header names are
// case-insensitive (RFC 9110 §5.1), and a map built by hand may hold a name
// not in canonical form.
func isAuthgearHeader(name string) bool {
	return len(name) >= len(authgearHeaderPrefix) && strings.EqualFold(name[:len(authgearHeaderPrefix)], authgearHeaderPrefix)
}
