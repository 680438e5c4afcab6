package devidp

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// appSessionTokenLifetime is Authgear's AppSessionTokenDuration (duration.Short).
const appSessionTokenLifetime = 5 * time.Minute

// appSessionCookie is the cookie Authgear sets for the settings pages after an app
// session token was spent (its name without the configurable prefix).
const appSessionCookie = "app_session"

// loginHintAppSession is the prefix of Authgear's app-session-token login_hint.
const loginHintAppSession = "https://authgear.com/login_hint"

// appSessionToken is a one-use token for a grant, minted from its refresh token.
type appSessionToken struct {
	grantID string
	expires time.Time
}

// handleAppSessionToken is POST /oauth2/app_session_token: {refresh_token} →
// {"result":{app_session_token, expire_at}}, one use within 5 minutes; a bad refresh
// token is 403 Forbidden / InvalidGrant, as Authgear answers.
func (s *Server) handleAppSessionToken(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "app_session_token", "app_session_token", "") {
		return
	}
	noStore(w)
	var body struct {
		RefreshToken string `json:"refresh_token"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || body.RefreshToken == "" {
		apiError(w, http.StatusBadRequest, "Invalid", "ValidationFailed", "the body must be {\"refresh_token\": \"…\"}")
		return
	}
	g, ok := s.store.grantOfRefreshToken(body.RefreshToken)
	if !ok {
		apiError(w, http.StatusForbidden, "Forbidden", "InvalidGrant", "invalid refresh token")
		return
	}
	if _, err := s.apiBinding(r, g); err != nil { // a bound refresh token needs its key (dpop.go)
		apiError(w, http.StatusForbidden, "Forbidden", "InvalidGrant", "invalid refresh token: "+err.Error())
		return
	}
	token, expires := randomToken(), s.now().Add(appSessionTokenLifetime)
	s.store.saveAppSessionToken(token, appSessionToken{grantID: g.id, expires: expires})
	writeJSON(w, http.StatusOK, map[string]any{"result": map[string]any{
		"app_session_token": token, "expire_at": expires.UTC().Format(time.RFC3339)}})
}

// appSessionFromHint spends the app session token of an Authgear login_hint
// (`https://authgear.com/login_hint?type=app_session_token&app_session_token=…`) and
// returns the grant it names.
func (s *Server) appSessionFromHint(hint string) (grant, bool) {
	u, err := url.Parse(hint)
	if err != nil || u.Scheme+"://"+u.Host+u.Path != loginHintAppSession || u.Query().Get("type") != "app_session_token" {
		return grant{}, false
	}
	return s.store.spendAppSessionToken(u.Query().Get("app_session_token"), s.now())
}

// startAppSession sets the app_session cookie for a grant (Path /, SameSite Lax, as
// Authgear's lib/session/cookie.go).
func (s *Server) startAppSession(w http.ResponseWriter, g grant) {
	cookie := s.store.newAppSession(g.id)
	http.SetCookie(w, &http.Cookie{Name: appSessionCookie, Value: cookie, Path: "/", HttpOnly: true,
		Secure: s.secureCookie, SameSite: http.SameSiteLaxMode})
}

// appSessionUser is the user of the request's app_session cookie, if its grant is live.
func (s *Server) appSessionUser(r *http.Request) (*User, grant, bool) {
	c, err := r.Cookie(appSessionCookie)
	if err != nil {
		return nil, grant{}, false
	}
	g, ok := s.store.appSessionGrant(c.Value)
	if !ok {
		return nil, grant{}, false
	}
	u := s.userByName(g.username)
	return u, g, u != nil
}
