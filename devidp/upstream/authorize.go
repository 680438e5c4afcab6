package upstream

import (
	"crypto/subtle"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

var challengeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// authorizeRequest is a validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3)
// with Google's access_type and prompt=consent.
type authorizeRequest struct {
	clientID, redirectURI, scope, state, challenge, accessType, loginHint string
	consent                                                               bool
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in · upstream</title></head>
<body data-provider="upstream" data-access-type="{{.AccessType}}" data-scope="{{.Scope}}">
<h1>Sign in to Upstream</h1>
{{if .Error}}<p id="error" role="alert">{{.Error}}</p>{{end}}
<form method="post">
<input type="hidden" name="request" value="{{.RequestID}}">
<p><label for="username">Username</label> <input id="username" name="username" value="{{.Username}}" autofocus></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
<p><button id="login" type="submit" name="action" value="login">Sign in and allow</button>
<button id="cancel" type="submit" name="action" value="cancel" formnovalidate>Deny</button></p>
</form>
</body>
</html>
`))

type loginData struct{ RequestID, Username, Error, AccessType, Scope string }

// handleAuthorize validates the request and shows the login form. Without a registered
// client and one of its redirect URIs it answers 400 and never redirects (RFC 6749 §4.1.2.1).
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	s.inc("authorize")
	p := r.URL.Query()
	q := authorizeRequest{clientID: p.Get("client_id"), redirectURI: p.Get("redirect_uri"), scope: p.Get("scope"),
		state: p.Get("state"), challenge: p.Get("code_challenge"), accessType: p.Get("access_type"),
		loginHint: p.Get("login_hint"), consent: contains(strings.Fields(p.Get("prompt")), "consent")}
	c, ok := s.clients[q.clientID]
	if !ok || !contains(c.RedirectURIs, q.redirectURI) {
		http.Error(w, "unknown client_id or redirect_uri", http.StatusBadRequest)
		return
	}
	switch {
	case p.Get("response_type") != "code":
		redirect(w, q, url.Values{"error": {"unsupported_response_type"}})
	case p.Get("code_challenge_method") != "S256" || !challengeRE.MatchString(q.challenge):
		redirect(w, q, url.Values{"error": {"invalid_request"}, "error_description": {"PKCE S256 is required"}})
	case q.accessType != "" && q.accessType != "online" && q.accessType != "offline":
		redirect(w, q, url.Values{"error": {"invalid_request"}, "error_description": {"access_type must be online or offline"}})
	default:
		s.render(w, loginData{RequestID: s.store.savePending(q, s.now()), Username: q.loginHint, AccessType: q.accessType, Scope: q.scope})
	}
}

// handleLogin answers the form: the account's consent, or a denial (access_denied).
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "malformed form", http.StatusBadRequest)
		return
	}
	id := r.PostForm.Get("request")
	q, ok := s.store.takePending(id, s.now())
	if !ok {
		http.Error(w, "this sign-in request is unknown, expired or answered", http.StatusBadRequest)
		return
	}
	if r.PostForm.Get("action") == "cancel" {
		redirect(w, q, url.Values{"error": {"access_denied"}})
		return
	}
	username := r.PostForm.Get("username")
	a := s.account(username)
	if a == nil || subtle.ConstantTimeCompare([]byte(a.Password), []byte(r.PostForm.Get("password"))) != 1 {
		s.render(w, loginData{RequestID: s.store.savePending(q, s.now()), Username: username,
			Error: "Incorrect username or password.", AccessType: q.accessType, Scope: q.scope})
		return
	}
	s.inc("login")
	redirect(w, q, url.Values{"code": {s.store.newCode(q, a.Username, s.now())}})
}

func (s *Server) render(w http.ResponseWriter, d loginData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = loginPage.Execute(w, d)
}

// redirect answers 302 to the validated redirect_uri with params and the state.
func redirect(w http.ResponseWriter, q authorizeRequest, params url.Values) {
	u, _ := url.Parse(q.redirectURI)
	v := u.Query()
	for k, vs := range params {
		v[k] = vs
	}
	if q.state != "" {
		v.Set("state", q.state)
	}
	u.RawQuery = v.Encode()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusFound)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
