package devidp

import (
	"net/http"
	"net/url"
)

// handleEndSession is RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2):
// it revokes the IdP cookie session and the grants made from it, clears the cookie, and
// returns to post_logout_redirect_uri (allowed origins only) or a signed-out page.
// id_token_hint is accepted and not required.
func (s *Server) handleEndSession(w http.ResponseWriter, r *http.Request) {
	s.counts.inc("end_session")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, http.StatusBadRequest, "Malformed request.")
		return
	}
	target := r.Form.Get("post_logout_redirect_uri")
	if target != "" {
		if origin, ok := originOf(target); !ok || !s.originAllowed(origin) {
			s.renderError(w, http.StatusBadRequest, "The post_logout_redirect_uri origin is not allowed.")
			return
		}
	}
	if c, err := r.Cookie(s.cookieName); err == nil {
		s.store.endSession(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookie, SameSite: http.SameSiteLaxMode})
	if target == "" {
		s.renderSignedOut(w)
		return
	}
	params := url.Values{}
	if state := r.Form.Get("state"); state != "" {
		params.Set("state", state)
	}
	redirectTo(w, target, params)
}
