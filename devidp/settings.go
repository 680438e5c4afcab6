package devidp

import (
	"html/template"
	"net/http"
	"net/url"
)

// settingsPage is the settings home that open(Page.Settings) lands on; tests read
// #settings-user.
var settingsPage = template.Must(template.New("settings").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Settings · devidp</title></head>
<body data-ui-locales="{{.UILocales}}">
<h1>Settings</h1>
{{if .User}}<p>Signed in as <strong id="settings-user">{{.User}}</strong>.</p>
{{else}}<p id="settings-signed-out">Not signed in: open this page from the app.</p>{{end}}
</body>
</html>
`))

// ownOrigin reports whether origin is the provider's own: Authgear implicitly allows
// redirect URIs there (lib/oauth/handler/resolve.go validateRedirectURI).
func (s *Server) ownOrigin(origin string) bool {
	own, ok := originOf(s.issuer)
	return ok && own == origin
}

// authorizeAppSession answers an authorization request whose login_hint carries an app
// session token: the token is spent once, the app_session cookie set, and the browser
// sent on to the redirect URI (the settings page for open()).
func (s *Server) authorizeAppSession(w http.ResponseWriter, req authRequest) {
	g, ok := s.appSessionFromHint(req.loginHint)
	if !ok {
		s.redirectError(w, req, "invalid_grant", "the app session token is invalid, expired or used")
		return
	}
	s.counts.inc("app_session")
	s.startAppSession(w, g)
	params := url.Values{}
	if req.state != "" {
		params.Set("state", req.state)
	}
	redirectTo(w, req.redirectURI, params)
}

// handleSettings is the settings home: who the app_session cookie (or the IdP session
// cookie) names.
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	s.counts.inc("settings")
	name := ""
	if u, _, ok := s.appSessionUser(r); ok {
		name = u.Username
	} else if sess, ok := s.sessionFromCookie(r); ok {
		name = sess.username
	}
	htmlHeaders(w)
	w.WriteHeader(http.StatusOK)
	_ = settingsPage.Execute(w, map[string]string{"User": name, "UILocales": r.URL.Query().Get("ui_locales")})
}

// handleSettingsIdentities redirects to the settings home, as Authgear's deprecated page.
func (s *Server) handleSettingsIdentities(w http.ResponseWriter, r *http.Request) {
	target := s.basePath + "/settings"
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusFound)
}
