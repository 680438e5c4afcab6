package devidp

import (
	"html/template"
	"net/http"
)

// loginPage is the login form; the e2e tests drive it by its element ids. Being the
// development provider, it shows the seeded demo logins (#demo-login): a real provider's
// page never would.
var loginPage = pageTemplate("login", `<!doctype html>
<html lang="en">
<head>{{template "head" .Base}}
<title>{{if .Promote}}Create your account{{else}}Sign in{{end}} · devidp</title></head>
<body data-promote="{{.Promote}}" data-page="{{.Page}}" data-ui-locales="{{.UILocales}}" data-oauth-provider-alias="{{.ProviderAlias}}" data-x-state="{{.XState}}">
<main>
<div class="brand"><img src="{{.Icon}}" alt=""> devidp <span class="tag">development provider</span></div>
<h1>{{if .Promote}}Create your account{{else}}Sign in{{end}}</h1>
{{if .Error}}<p id="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="request" value="{{.RequestID}}">
<div class="field"><label for="username">Username</label><input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" value="{{.Username}}" autofocus></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password"></div>
<div class="actions"><button id="login" class="primary" type="submit" name="action" value="login">{{if .Promote}}Create account{{else}}Sign in{{end}}</button>
<button id="cancel" type="submit" name="action" value="cancel" formnovalidate>Cancel</button></div>
</form>
{{if and .DemoUsers (not .Promote)}}<aside class="hint" id="demo-login">Demo login (development provider only):
<ul>{{range .DemoUsers}}<li><code>{{.Username}}</code> / <code>{{.Password}}</code></li>{{end}}</ul></aside>{{end}}
</main>
<footer>wasmgear development identity provider · 127.0.0.1 only</footer>
</body>
</html>
`)

// errorPage is shown when the provider must not redirect (RFC 6749 §4.1.2.1) and for
// the end of RP-initiated logout without a redirect.
var errorPage = pageTemplate("error", `<!doctype html>
<html lang="en">
<head>{{template "head" .Base}}
<title>{{.Title}} · devidp</title></head>
<body><main>
<div class="brand"><img src="{{.Icon}}" alt=""> devidp <span class="tag">development provider</span></div>
<h1>{{.Title}}</h1><p id="{{.ID}}"{{if eq .ID "error"}} role="alert"{{end}}>{{.Message}}</p>
</main></body>
</html>
`)

// pageChrome is what every page template reads besides its own data: the base path its
// asset URLs start with and the icon shown in its header.
type pageChrome struct {
	Base string
	Icon template.URL
}

// chrome is this provider's pageChrome.
func (s *Server) chrome() pageChrome {
	return pageChrome{Base: s.basePath, Icon: template.URL(faviconDataURL())}
}

// messagePage is the data of errorPage.
type messagePage struct {
	pageChrome
	Title, ID, Message string
}

type loginData struct {
	pageChrome
	Action, RequestID, Username, Error     string
	Page, UILocales, ProviderAlias, XState string
	// Promote shows the form as the promote page (Authgear's /flows/promote_user): the
	// username and password chosen become the anonymous user's, which keeps its sub.
	Promote bool
	// DemoUsers are the seeded accounts the hint lists.
	DemoUsers []User
}

// renderLogin shows the login form for a pending request, with an optional error.
func (s *Server) renderLogin(w http.ResponseWriter, status int, requestID string, req authRequest, username, errMsg string) {
	htmlHeaders(w)
	w.WriteHeader(status)
	_ = loginPage.Execute(w, loginData{pageChrome: s.chrome(), DemoUsers: s.seededUsers(), Action: s.basePath + "/oauth2/authorize", RequestID: requestID,
		Username: username, Error: errMsg, Page: req.page, UILocales: req.uiLocales,
		ProviderAlias: req.providerAlias, XState: req.xState, Promote: req.promotionCode != ""})
}

// renderError shows an HTML error page with status.
func (s *Server) renderError(w http.ResponseWriter, status int, msg string) {
	htmlHeaders(w)
	w.WriteHeader(status)
	_ = errorPage.Execute(w, messagePage{pageChrome: s.chrome(), Title: "Error", ID: "error", Message: msg})
}

// renderSignedOut shows the page that ends a logout without post_logout_redirect_uri.
func (s *Server) renderSignedOut(w http.ResponseWriter) {
	htmlHeaders(w)
	w.WriteHeader(http.StatusOK)
	_ = errorPage.Execute(w, messagePage{pageChrome: s.chrome(), Title: "Signed out", ID: "signed-out", Message: "You have signed out."})
}

func htmlHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	noStore(w)
}

// seededUsers are the configured accounts with a password (never anonymous ones).
func (s *Server) seededUsers() []User {
	var out []User
	for _, u := range s.users {
		if u.Password != "" && !u.IsAnonymous {
			out = append(out, u)
		}
	}
	return out
}
