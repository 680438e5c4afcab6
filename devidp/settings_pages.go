package devidp

import (
	"crypto/subtle"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// settingsActionPage is the one page of every settings action: a form of the action's
// fields. Its markup is plain and class-named, without styles of its own, so the
// provider's shared stylesheet can take it over; the e2e tests drive it by element ids.
var settingsActionPage = template.Must(template.New("settings-action").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Title}} · devidp</title></head>
<body class="devidp-page devidp-settings-action" data-settings-action="{{.Action}}" data-ui-locales="{{.UILocales}}">
<main>
<h1 id="settings-action-title">{{.Title}}</h1>
<p class="devidp-who">Signed in as <strong id="settings-user">{{.User}}</strong>.</p>
{{if .Error}}<p id="error" class="devidp-error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="{{.Path}}" class="devidp-form">
<input type="hidden" name="x_ref" value="{{.Ref}}">
{{range .Fields}}<p class="devidp-field"><label for="{{.Name}}">{{.Label}}</label> <input id="{{.Name}}" name="{{.Name}}" type="{{.Type}}" value="{{.Value}}"{{if .ReadOnly}} readonly{{else}} required{{end}}></p>
{{end}}<p class="devidp-actions"><button id="settings-submit" type="submit">{{.Submit}}</button></p>
</form>
</main>
</body>
</html>
`))

// settingsField is one input of a settings page.
type settingsField struct {
	Name, Label, Type, Value string
	ReadOnly                 bool
}

// loginIDInput is the label and input type of each login ID type.
var loginIDInput = map[string][2]string{
	loginIDEmail: {"email address", "email"}, loginIDPhone: {"phone number", "tel"}, loginIDUsername: {"username", "text"},
}

// settingsForm is the title, fields and button of an action's page.
func settingsForm(e *settingsAction) (title string, fields []settingsField, submit string) {
	kind := loginIDKind(e.action)
	in := loginIDInput[kind]
	switch {
	case e.action == "change_password":
		return "Change password", []settingsField{{Name: "password", Label: "Current password", Type: "password"},
			{Name: "new_password", Label: "New password", Type: "password"}}, "Change password"
	case e.action == "delete_account":
		return "Delete account", nil, "Delete my account"
	case e.action == "link_oauth":
		return "Link " + e.req.providerAlias, nil, "Link " + e.req.providerAlias
	case e.action == "unlink_oauth":
		return "Unlink " + e.req.providerAlias, nil, "Unlink " + e.req.providerAlias
	case strings.HasPrefix(e.action, "add_"):
		return "Add " + in[0], []settingsField{{Name: "value", Label: "New " + in[0], Type: in[1]}}, "Add"
	default: // change_email, change_phone, change_username
		return "Change " + in[0], []settingsField{{Name: "original", Label: "Current " + in[0], Type: in[1], Value: e.loginID, ReadOnly: true},
			{Name: "value", Label: "New " + in[0], Type: in[1]}}, "Change"
	}
}

// handleSettingsActionPage shows an action's page (GET) and applies it (POST) for the
// user of the app_session cookie, who must be the one the request was made for; once
// done, the browser goes on to /oauth2/consent, which sends it back with the code.
func (s *Server) handleSettingsActionPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, http.StatusBadRequest, "Malformed form.")
		return
	}
	ref := r.Form.Get("x_ref")
	e, ok := s.settingsActions.entry(ref, s.now(), false)
	if !ok || s.basePath+settingsActionPages[e.action] != r.URL.Path {
		s.renderError(w, http.StatusBadRequest, "This settings request is unknown or expired.")
		return
	}
	u, g, ok := s.appSessionUser(r)
	if !ok || g.username != e.username {
		s.renderError(w, http.StatusForbidden, "Open this page from the app: its app session is missing or names another user.")
		return
	}
	msg := ""
	if r.Method == http.MethodPost {
		if msg = s.applySettingsAction(e, u, r.PostForm); msg == "" {
			s.settingsActions.mu.Lock()
			e.done = true
			s.settingsActions.mu.Unlock()
			s.counts.inc("settings_action:" + e.action)
			http.Redirect(w, r, s.basePath+"/oauth2/consent?x_ref="+url.QueryEscape(ref), http.StatusSeeOther)
			return
		}
	}
	title, fields, submit := settingsForm(e)
	htmlHeaders(w)
	w.WriteHeader(http.StatusOK)
	_ = settingsActionPage.Execute(w, map[string]any{"Title": title, "Fields": fields, "Submit": submit, "Action": e.action,
		"User": u.preferredUsername(), "Error": msg, "Path": r.URL.Path, "Ref": ref, "UILocales": e.req.uiLocales})
}

// applySettingsAction makes the change the page's form asks for; it answers what is
// wrong with the form, or "" once done.
func (s *Server) applySettingsAction(e *settingsAction, u *User, form url.Values) string {
	value := strings.TrimSpace(form.Get("value"))
	kind := loginIDKind(e.action)
	switch e.action {
	case "change_password":
		return s.accounts.update(e.username, u, func(p *profile) string {
			if subtle.ConstantTimeCompare([]byte(p.password), []byte(form.Get("password"))) != 1 {
				return "The current password is incorrect."
			}
			if len(form.Get("new_password")) < 8 {
				return "Choose a new password of 8 characters or more."
			}
			p.password = form.Get("new_password")
			return ""
		})
	case "delete_account":
		s.accounts.update(e.username, u, func(p *profile) string { p.deleted = true; return "" })
		s.store.revokeUser(e.username) // its refresh tokens, access tokens and sessions end now
		return ""
	case "link_oauth", "unlink_oauth":
		return s.accounts.update(e.username, u, func(p *profile) string {
			i := slices.Index(p.links, e.req.providerAlias)
			switch {
			case e.action == "link_oauth" && i >= 0:
				return e.req.providerAlias + " is already linked."
			case e.action == "unlink_oauth" && i < 0:
				return e.req.providerAlias + " is not linked."
			case e.action == "link_oauth":
				p.links = append(p.links, e.req.providerAlias)
			default:
				p.links = slices.Delete(p.links, i, i+1)
			}
			return ""
		})
	}
	if msg := checkLoginID(kind, value); msg != "" {
		return msg
	}
	return s.accounts.update(e.username, u, func(p *profile) string {
		ids := p.loginIDs[kind]
		i := slices.Index(ids, e.loginID)
		switch {
		case strings.HasPrefix(e.action, "change_") && (e.loginID == "" || i < 0):
			return "That " + loginIDInput[kind][0] + " is not one of this account's."
		case s.accounts.takenLocked(s, value):
			return "That " + loginIDInput[kind][0] + " is already in use."
		case strings.HasPrefix(e.action, "change_"):
			ids[i] = value
		default:
			p.loginIDs[kind] = append(ids, value)
		}
		return ""
	})
}

// checkLoginID is what is wrong with a new login ID of that type, or "".
func checkLoginID(kind, value string) string {
	switch {
	case value == "":
		return "Enter the new " + loginIDInput[kind][0] + "."
	case kind == loginIDEmail && !strings.Contains(value, "@"):
		return "Enter an email address such as name@example.com."
	case kind == loginIDPhone && (!strings.HasPrefix(value, "+") || strings.Trim(value[1:], "0123456789") != "" || len(value) < 8):
		return "Enter a phone number in E.164 form, such as +85291234567."
	case kind == loginIDUsername && strings.ContainsAny(value, " @"):
		return "A username has no spaces and no @."
	}
	return ""
}
