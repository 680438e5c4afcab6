package devidp

import (
	"net/http"
	"strconv"
	"strings"
)

// resolverHeaders are the headers of Authgear's resolver endpoint, exposed to CORS callers.
var resolverHeaders = []string{
	"x-authgear-session-valid", "x-authgear-user-id", "x-authgear-user-anonymous",
	"x-authgear-user-verified", "x-authgear-user-can-reauthenticate", "x-authgear-user-roles",
	"x-authgear-session-amr", "x-authgear-session-authenticated-at",
}

// handleResolve is Authgear's resolver endpoint, which app backends call with the
// request's forwarded Authorization and Cookie headers. It always answers 200 and
// describes the session in x-authgear-* headers; with no credential it sets none.
func (s *Server) handleResolve(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "resolve", "resolve", "") {
		return
	}
	noStore(w)
	id, present, err := s.identifyWith(r, s.resolverBinding)
	h := w.Header()
	switch {
	case !present:
	case err != nil:
		h.Set("x-authgear-session-valid", "false")
	default:
		u := id.user
		h.Set("x-authgear-session-valid", "true")
		h.Set("x-authgear-user-id", u.Sub)
		h.Set("x-authgear-user-anonymous", strconv.FormatBool(u.IsAnonymous))
		h.Set("x-authgear-user-verified", strconv.FormatBool(u.EmailVerified))
		h.Set("x-authgear-user-can-reauthenticate", strconv.FormatBool(u.CanReauthenticate))
		h.Set("x-authgear-user-roles", strings.Join(u.Roles, ","))
		h.Set("x-authgear-session-amr", strings.Join(id.amr, ","))
		h.Set("x-authgear-session-authenticated-at", strconv.FormatInt(id.authTime.Unix(), 10))
	}
	w.WriteHeader(http.StatusOK)
}
