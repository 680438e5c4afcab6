package devidp

import (
	"html/template"
	"net/http"
)

// loginPage is the plain login form; the e2e tests drive it by its element ids.
var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in · devidp</title></head>
<body data-promote="{{.Promote}}" data-page="{{.Page}}" data-ui-locales="{{.UILocales}}" data-oauth-provider-alias="{{.ProviderAlias}}" data-x-state="{{.XState}}">
<h1>{{if .Promote}}Create your account{{else}}Sign in{{end}}</h1>
{{if .Error}}<p id="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="request" value="{{.RequestID}}">
<p><label for="username">Username</label> <input id="username" name="username" autocomplete="username" value="{{.Username}}" autofocus></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><button id="login" type="submit" name="action" value="login">Sign in</button>
<button id="cancel" type="submit" name="action" value="cancel" formnovalidate>Cancel</button></p>
</form>
</body>
</html>
`))

// errorPage is shown when the provider must not redirect (RFC 6749 §4.1.2.1) and for
// the end of RP-initiated logout without a redirect.
var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Title}} · devidp</title></head>
<body><h1>{{.Title}}</h1><p id="{{.ID}}">{{.Message}}</p></body>
</html>
`))

type loginData struct {
	Action, RequestID, Username, Error     string
	Page, UILocales, ProviderAlias, XState string
	// Promote shows the form as the promote page (Authgear's /flows/promote_user): the
	// username and password chosen become the anonymous user's, which keeps its sub.
	Promote bool
}

// renderLogin shows the login form for a pending request, with an optional error.
func (s *Server) renderLogin(w http.ResponseWriter, status int, requestID string, req authRequest, username, errMsg string) {
	htmlHeaders(w)
	w.WriteHeader(status)
	_ = loginPage.Execute(w, loginData{Action: s.basePath + "/oauth2/authorize", RequestID: requestID,
		Username: username, Error: errMsg, Page: req.page, UILocales: req.uiLocales,
		ProviderAlias: req.providerAlias, XState: req.xState, Promote: req.promotionCode != ""})
}

// renderError shows an HTML error page with status.
func (s *Server) renderError(w http.ResponseWriter, status int, msg string) {
	htmlHeaders(w)
	w.WriteHeader(status)
	_ = errorPage.Execute(w, map[string]string{"Title": "Error", "ID": "error", "Message": msg})
}

// renderSignedOut shows the page that ends a logout without post_logout_redirect_uri.
func (s *Server) renderSignedOut(w http.ResponseWriter) {
	htmlHeaders(w)
	w.WriteHeader(http.StatusOK)
	_ = errorPage.Execute(w, map[string]string{"Title": "Signed out", "ID": "signed-out", "Message": "You have signed out."})
}

func htmlHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	noStore(w)
}
