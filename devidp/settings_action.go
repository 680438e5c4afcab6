package devidp

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Authgear's settings-action response type and the grant that redeems its code
// (lib/oauth/handler/handler_authz.go, handler_token.go).
const (
	responseTypeSettingsAction = "urn:authgear:params:oauth:response-type:settings-action"
	grantSettingsAction        = "urn:authgear:params:oauth:grant-type:settings-action"
	// settingsActionLifetime is Authgear's SettingsActionGrantValidDuration (duration.Short).
	settingsActionLifetime = 5 * time.Minute
)

// settingsActionPages is the page of each x_settings_action (lib/oauth/oidc/ui.go
// BuildSettingsActionURL); link and unlink share one.
var settingsActionPages = map[string]string{
	"change_password": "/settings/change_password",
	"delete_account":  "/settings/delete_account",
	"add_email":       "/settings/identity/add_email",
	"add_phone":       "/settings/identity/add_phone",
	"add_username":    "/settings/identity/add_username",
	"change_email":    "/settings/identity/change_email",
	"change_phone":    "/settings/identity/change_phone",
	"change_username": "/settings/identity/change_username",
	"link_oauth":      "/settings/identity/oauth",
	"unlink_oauth":    "/settings/identity/oauth",
}

// settingsAction is one settings-action request on its way through its page: Authgear's
// OAuth session entry (x_ref). username is whom the app session token named; done is set
// when the page completed the action.
type settingsAction struct {
	req              authRequest
	action, username string
	loginID          string // q_login_id of x_settings_action_query: what change_* changes
	done             bool
	expires          time.Time
}

// settingsActionCode is a settings-action grant: one use, 5 minutes.
type settingsActionCode struct {
	req     authRequest
	expires time.Time
}

// settingsActionStore keeps the requests by x_ref and the grants by code, as digests.
type settingsActionStore struct {
	mu      sync.Mutex // guards both maps
	entries map[string]*settingsAction
	codes   map[string]*settingsActionCode
}

// save stores an entry and returns its x_ref.
func (st *settingsActionStore) save(e *settingsAction) string {
	ref := randomToken()
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.entries == nil {
		st.entries, st.codes = map[string]*settingsAction{}, map[string]*settingsActionCode{}
	}
	for k, old := range st.entries {
		if e.expires.Sub(old.expires) > settingsActionLifetime {
			delete(st.entries, k) // long expired: forget
		}
	}
	for k, old := range st.codes {
		if e.expires.Sub(old.expires) > settingsActionLifetime {
			delete(st.codes, k)
		}
	}
	st.entries[digest(ref)] = e
	return ref
}

// entry is the live entry of ref; take also forgets it.
func (st *settingsActionStore) entry(ref string, now time.Time, take bool) (*settingsAction, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	e, ok := st.entries[digest(ref)]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	if take {
		delete(st.entries, digest(ref))
	}
	return e, true
}

// authorizeSettingsAction answers an authorization request of the settings-action
// response type: the app session token of login_hint is spent, the app_session cookie
// set, and the browser sent to the action's page. As Authgear, it needs an
// app-session-token login_hint; the id_token_hint, verified by parseAuthorize, must name
// the same user.
func (s *Server) authorizeSettingsAction(w http.ResponseWriter, req authRequest) {
	page, known := settingsActionPages[req.settingsAction]
	_, connected := s.connection(req.providerAlias)
	switch {
	case !known:
		s.redirectError(w, req, "invalid_request", "x_settings_action is missing or unknown")
		return
	case req.settingsAction == "delete_account" && !s.accounts.deletionAllowed():
		s.redirectError(w, req, "invalid_request", "account deletion by end user is disabled")
		return
	case strings.HasSuffix(req.settingsAction, "_oauth") && !connected:
		s.redirectError(w, req, "invalid_request", "x_oauth_provider_alias must name a configured connection")
		return
	case !strings.HasPrefix(req.loginHint, loginHintAppSession+"?"):
		s.redirectError(w, req, "invalid_request", "login_hint must be app_session_token when using settings action")
		return
	}
	g, ok := s.appSessionFromHint(req.loginHint)
	if !ok {
		s.redirectError(w, req, "invalid_request", "the app session token is invalid, expired or used")
		return
	}
	if req.hint.username != "" && req.hint.username != g.username {
		s.redirectError(w, req, "invalid_request", "id_token_hint names another user than the app session")
		return
	}
	query, _ := url.ParseQuery(req.settingsActionQuery)
	e := &settingsAction{req: req, action: req.settingsAction, username: g.username,
		loginID: query.Get("q_login_id"), expires: s.now().Add(settingsActionLifetime)}
	ref := s.settingsActions.save(e)
	s.counts.inc("settings_action")
	s.startAppSession(w, g)
	params := url.Values{"x_ref": {ref}, "client_id": {req.clientID}, "redirect_uri": {req.redirectURI}}
	for k, v := range map[string]string{"state": req.state, "x_state": req.xState, "ui_locales": req.uiLocales} {
		if v != "" {
			params.Set(k, v)
		}
	}
	for k, vs := range query {
		params[k] = vs
	}
	switch {
	case strings.HasSuffix(req.settingsAction, "_oauth"):
		params.Set("x_provider_alias", req.providerAlias)
		if req.settingsAction == "unlink_oauth" {
			params.Set("x_settings_action", "unlink_oauth")
		}
	case loginIDKind(req.settingsAction) != "":
		params.Set("q_login_id_key", loginIDKind(req.settingsAction))
	}
	redirectTo(w, s.basePath+page, params)
}

// loginIDKind is the login ID type an add_* or change_* action works on, or "".
func loginIDKind(action string) string {
	_, kind, _ := strings.Cut(action, "_")
	switch kind {
	case loginIDEmail, loginIDPhone, loginIDUsername:
		return kind
	}
	return ""
}

// handleConsent is where a completed settings page sends the browser (Authgear's
// /oauth2/consent): the entry becomes a settings-action grant, and the browser goes back
// to the redirect URI with its code and the state.
func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	e, ok := s.settingsActions.entry(r.URL.Query().Get("x_ref"), s.now(), true)
	if !ok || !e.done {
		s.renderError(w, http.StatusBadRequest, "This settings request is unknown, expired or not completed.")
		return
	}
	code := randomToken()
	s.settingsActions.mu.Lock()
	s.settingsActions.codes[digest(code)] = &settingsActionCode{req: e.req, expires: s.now().Add(settingsActionLifetime)}
	s.settingsActions.mu.Unlock()
	params := url.Values{"code": {code}}
	if e.req.state != "" {
		params.Set("state", e.req.state)
	}
	redirectTo(w, e.req.redirectURI, params)
}

// exchangeSettingsAction redeems a settings-action code as IssueTokensForSettingsActionCode
// does: unexpired, the same client, the exact redirect URI and the PKCE verifier of its
// request; only a redemption that passes spends it. It answers an empty object: the
// action is done, nothing is issued.
func (s *Server) exchangeSettingsAction(w http.ResponseWriter, r *http.Request, clientID string) {
	code, verifier := r.PostForm.Get("code"), r.PostForm.Get("code_verifier")
	st := &s.settingsActions
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.codes[digest(code)]
	switch {
	case !ok || s.now().After(c.expires) || c.req.clientID != clientID:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "invalid authorization code")
	case c.req.redirectURI != r.PostForm.Get("redirect_uri"):
		tokenError(w, http.StatusBadRequest, "invalid_request", "invalid redirect URI")
	case !codeVerifierRE.MatchString(verifier) || !verifyS256(verifier, c.req.codeChallenge):
		tokenError(w, http.StatusBadRequest, "invalid_grant", "invalid authorization code")
	default:
		delete(st.codes, digest(code))
		writeJSON(w, http.StatusOK, map[string]any{})
	}
}
