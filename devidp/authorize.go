package devidp

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// codeChallengeRE matches an S256 challenge: 43 base64url characters (RFC 7636 §4.2).
var codeChallengeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// authRequest is a validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3,
// OpenID Connect Core 1.0 §3.1.2.1, and Authgear's x_* parameters).
type authRequest struct {
	clientID, redirectURI, responseType, scope, state, nonce string
	codeChallenge, prompt, uiLocales, page, providerAlias    string
	xState, loginHint                                        string
	suppressCookie                                           bool
	// promotionCode comes from Authgear's anonymous login_hint: the form promotes that user.
	promotionCode string
	hint          idTokenHint // from id_token_hint, if sent
	maxAge        int         // max_age in seconds; -1 when absent
	// dpopJKT is the DPoP key thumbprint the code is bound to (RFC 9449 §10), if sent.
	dpopJKT string
}

// handleAuthorize is the authorization endpoint: GET starts a request, POST answers the
// login form.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		s.handleLogin(w, r)
		return
	}
	s.counts.inc("authorize")
	req, ok := s.parseAuthorize(w, r.URL.Query())
	if !ok {
		return
	}
	if strings.HasPrefix(req.loginHint, loginHintAppSession+"?") && req.promotionCode == "" {
		// An app-session-token hint; the anonymous promotion hint shares the prefix and
		// differs by its type (promotionCodeOf). Before prompt processing, as Authgear does.
		s.authorizeAppSession(w, req)
		return
	}
	session, hasSession := s.sessionFromCookie(r)
	prompt := strings.Fields(req.prompt)
	if s.mustLogIn(req, session, hasSession) {
		prompt = append(prompt, "login")
	}
	conn, federated := s.connection(req.providerAlias)
	switch {
	case contains(prompt, "none") && len(prompt) > 1:
		s.redirectError(w, req, "invalid_request", "prompt=none cannot be combined")
	case contains(prompt, "none") && !hasSession:
		s.redirectError(w, req, "login_required", "no IdP session")
	case federated && !contains(prompt, "none"):
		s.startFederation(w, req, conn, r.URL.Query()) // the app chose the provider
	case hasSession && !contains(prompt, "login") && req.promotionCode == "":
		s.finishAuthorize(w, req, signedIn{session.username, session.connection, session.authTime, session.id}) // SSO
	default:
		s.renderLogin(w, http.StatusOK, s.store.savePending(req, s.now()), req, "", "")
	}
}

// parseAuthorize validates the request. Without a registered client_id and an allowed
// redirect_uri it answers an HTML 400 page and never redirects (RFC 6749 §4.1.2.1); other
// errors are redirected back to the client.
func (s *Server) parseAuthorize(w http.ResponseWriter, q url.Values) (authRequest, bool) {
	req := authRequest{
		clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"),
		responseType: q.Get("response_type"), scope: q.Get("scope"), state: q.Get("state"),
		nonce: q.Get("nonce"), codeChallenge: q.Get("code_challenge"), prompt: q.Get("prompt"),
		uiLocales: q.Get("ui_locales"), page: q.Get("x_page"),
		providerAlias: q.Get("x_oauth_provider_alias"), xState: q.Get("x_state"), loginHint: q.Get("login_hint"),
		suppressCookie: q.Get("x_suppress_idp_session_cookie") == "true",
		promotionCode:  promotionCodeOf(q.Get("login_hint")),
	}
	if s.dpopOn() {
		req.dpopJKT = q.Get("dpop_jkt")
	}
	if !s.clientIDs[req.clientID] {
		s.renderError(w, http.StatusBadRequest, "Unknown client_id.")
		return req, false
	}
	if origin, ok := originOf(req.redirectURI); !ok || (!s.originAllowed(origin) && !s.ownOrigin(origin)) {
		s.renderError(w, http.StatusBadRequest, "The redirect_uri is missing or its origin is not allowed.")
		return req, false
	}
	code, desc := "", ""
	switch {
	case req.responseType != "code" && req.responseType != "none":
		code, desc = "unsupported_response_type", "response_type must be code or none"
	case !contains(strings.Fields(req.scope), "openid"):
		code, desc = "invalid_scope", "scope must contain openid"
	case req.responseType == "code" && q.Get("code_challenge_method") != "S256":
		code, desc = "invalid_request", "code_challenge_method must be S256"
	case req.responseType == "code" && !codeChallengeRE.MatchString(req.codeChallenge):
		code, desc = "invalid_request", "code_challenge must be 43 base64url characters"
	case req.dpopJKT != "" && !codeChallengeRE.MatchString(req.dpopJKT): // a SHA-256 thumbprint, base64url
		code, desc = "invalid_request", "dpop_jkt must be a JWK SHA-256 thumbprint (43 base64url characters)"
	}
	if code == "" {
		code, desc = s.parseReauthentication(q, &req)
	}
	if code != "" {
		s.redirectError(w, req, code, desc)
		return req, false
	}
	return req, true
}

// handleLogin checks the submitted credentials of a pending request, or cancels it.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, http.StatusBadRequest, "Malformed form.")
		return
	}
	id := r.PostForm.Get("request")
	now := s.now()
	if r.PostForm.Get("action") == "cancel" {
		req, ok := s.store.pendingRequest(id, now, true)
		if !ok {
			s.renderError(w, http.StatusBadRequest, "This sign-in request is unknown or expired.")
			return
		}
		s.redirectError(w, req, "access_denied", "the user canceled the sign-in")
		return
	}
	req, ok := s.store.pendingRequest(id, now, false)
	if !ok {
		s.renderError(w, http.StatusBadRequest, "This sign-in request is unknown or expired.")
		return
	}
	username := r.PostForm.Get("username")
	if req.promotionCode != "" {
		promoted, msg := s.promote(req.promotionCode, username, r.PostForm.Get("password"))
		if promoted == "" {
			s.renderLogin(w, http.StatusOK, id, req, username, msg)
			return
		}
		s.counts.inc("promote")
	}
	u := s.authenticate(username, r.PostForm.Get("password"))
	if u == nil {
		s.renderLogin(w, http.StatusOK, id, req, username, "Incorrect username or password.")
		return
	}
	if req.hint.username != "" && u.Username != req.hint.username {
		s.renderLogin(w, http.StatusOK, id, req, username, "Reauthenticate as the signed-in user.")
		return
	}
	if _, ok := s.store.pendingRequest(id, now, true); !ok {
		s.renderError(w, http.StatusBadRequest, "This sign-in request was already answered.")
		return
	}
	s.counts.inc("login")
	s.completeSignIn(w, req, u.Username, "", now)
}

// signedIn is who finished an authorization request, and how.
type signedIn struct {
	username, connection string
	authTime             time.Time
	sessionID            string
}

// completeSignIn starts the IdP session (unless the app suppressed its cookie) and sends
// the user back with a code.
func (s *Server) completeSignIn(w http.ResponseWriter, req authRequest, username, connection string, now time.Time) {
	who := signedIn{username: username, connection: connection, authTime: now}
	if !req.suppressCookie {
		cookie, sess := s.store.newSession(username, connection, now)
		who.sessionID = sess.id
		http.SetCookie(w, &http.Cookie{Name: s.cookieName, Value: cookie, Path: "/",
			HttpOnly: true, Secure: s.secureCookie, SameSite: http.SameSiteLaxMode})
	}
	s.finishAuthorize(w, req, who)
}

// finishAuthorize redirects a signed-in user back: with a code (RFC 6749 §4.1.2) or, for
// response_type=none (OAuth 2.0 Multiple Response Types §4), with the state only.
func (s *Server) finishAuthorize(w http.ResponseWriter, req authRequest, who signedIn) {
	params := url.Values{}
	if req.responseType == "code" {
		params.Set("code", s.store.newCode(authCode{req: req, username: who.username, connection: who.connection,
			authTime: who.authTime, idpSession: who.sessionID, expires: s.now().Add(codeLifetime)}))
	}
	if req.state != "" {
		params.Set("state", req.state)
	}
	redirectTo(w, req.redirectURI, params)
}

// redirectError sends an error response to the validated redirect_uri (RFC 6749 §4.1.2.1).
func (s *Server) redirectError(w http.ResponseWriter, req authRequest, code, desc string) {
	params := url.Values{"error": {code}, "error_description": {desc}}
	if req.state != "" {
		params.Set("state", req.state)
	}
	redirectTo(w, req.redirectURI, params)
}

// redirectTo answers 302 to base with params added to its query.
func redirectTo(w http.ResponseWriter, base string, params url.Values) {
	u, _ := url.Parse(base) // validated by the caller
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	noStore(w)
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusFound)
}

// sessionFromCookie returns the live IdP session of the request's cookie, if any.
func (s *Server) sessionFromCookie(r *http.Request) (idpSession, bool) {
	c, err := r.Cookie(s.cookieName)
	if err != nil {
		return idpSession{}, false
	}
	return s.store.liveSession(c.Value)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
