package devidp

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// promotionCodeLifetime is Authgear's PromotionCodeDuration.
const promotionCodeLifetime = 5 * time.Minute

// anonymousUsers holds the users made by /api/anonymous_user/signup. A promoted user is
// reachable under its anonymous name too, so grants made before the promotion keep
// naming it, and `sub` never changes.
type anonymousUsers struct {
	mu       sync.Mutex // guards everything below
	disabled bool
	byName   map[string]*User
	codes    map[string]promotionCode // digest of the code → whom it promotes
}

type promotionCode struct {
	username string
	expires  time.Time
}

// SetAnonymousUsers switches anonymous users on (the default) or off; off, sign-up answers
// Authgear's 400 Invalid "anonymous user disallowed".
func (s *Server) SetAnonymousUsers(enabled bool) {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	s.anon.disabled = !enabled
}

// anonymousUser returns a copy of the anonymous (or promoted) user of that name, or nil.
func (s *Server) anonymousUser(username string) *User {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	if u, ok := s.anon.byName[username]; ok {
		c := *u
		return &c
	}
	return nil
}

// apiError answers Authgear's JSON-API error envelope; the status follows the name.
func apiError(w http.ResponseWriter, status int, name, reason, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"name": name, "reason": reason, "message": message, "code": status}})
}

// handleAnonymousSignup is Authgear's POST /api/anonymous_user/signup (reference §5.8).
func (s *Server) handleAnonymousSignup(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "anonymous_signup", "anonymous_signup", "") {
		return
	}
	noStore(w)
	var body struct {
		ClientID     string `json:"client_id"`
		SessionType  string `json:"session_type"`
		RefreshToken string `json:"refresh_token"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || (body.SessionType != "cookie" && body.SessionType != "refresh_token") {
		apiError(w, http.StatusBadRequest, "Invalid", "ValidationFailed", "invalid request body")
		return
	}
	s.anon.mu.Lock()
	disabled := s.anon.disabled
	s.anon.mu.Unlock()
	if disabled {
		apiError(w, http.StatusBadRequest, "Invalid", "Invalid", "anonymous user disallowed")
		return
	}
	now := s.now()
	if body.SessionType == "cookie" {
		if sess, ok := s.sessionFromCookie(r); ok {
			if u := s.userByName(sess.username); u == nil || !u.IsAnonymous {
				apiError(w, http.StatusBadRequest, "Invalid", "Invalid", "user logged in as normal user")
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"result": map[string]any{}})
			return
		}
		u := s.newAnonymousUser()
		cookie, _ := s.store.newSession(u.Username, "", now)
		http.SetCookie(w, &http.Cookie{Name: s.cookieName, Value: cookie, Path: "/",
			HttpOnly: true, Secure: s.secureCookie, SameSite: http.SameSiteLaxMode})
		writeJSON(w, http.StatusOK, map[string]any{"result": map[string]any{}})
		return
	}
	if !s.clientIDs[body.ClientID] {
		apiError(w, http.StatusBadRequest, "Invalid", "Invalid", "invalid client ID")
		return
	}
	var g grant
	refreshToken := ""
	if body.RefreshToken != "" {
		var err error
		if g, _, err = s.store.useRefreshToken(body.RefreshToken, body.ClientID, false); err != nil {
			apiError(w, http.StatusBadRequest, "Invalid", "Invalid", "invalid refresh token")
			return
		}
		if u := s.userByName(g.username); u == nil || !u.IsAnonymous {
			apiError(w, http.StatusBadRequest, "Invalid", "Invalid", "user logged in as normal user")
			return
		}
		if _, err := s.apiBinding(r, g); err != nil { // dpop.go
			apiError(w, http.StatusBadRequest, "Invalid", "Invalid", "invalid refresh token: "+err.Error())
			return
		}
	} else {
		proof, err := s.apiProof(r) // a proof binds the new grant, as at the token endpoint
		if err != nil {
			apiError(w, http.StatusBadRequest, "Invalid", "Invalid", err.Error())
			return
		}
		u := s.newAnonymousUser()
		code := s.store.newCode(authCode{req: authRequest{clientID: body.ClientID, scope: scopeAnonymous},
			username: u.Username, authTime: now, expires: now.Add(codeLifetime)})
		if g, refreshToken, err = s.store.exchangeCode(code, now, func(authCode) error { return nil }); err == nil && proof != nil {
			g, err = s.store.bindGrant(g.id, proof.JKT)
		}
		if err != nil {
			apiError(w, http.StatusInternalServerError, "InternalError", "UnexpectedError", "grant failed")
			return
		}
	}
	u := s.userByName(g.username)
	lifetime, _ := s.settings()
	g, tokenType := s.issuedBinding(g)
	access, err := s.keys.sign(s.accessClaims(g, u, now, lifetime))
	if err != nil {
		apiError(w, http.StatusInternalServerError, "InternalError", "UnexpectedError", "signing failed")
		return
	}
	// No id_token: Authgear's answer has none either.
	result := map[string]any{"token_type": tokenType, "access_token": access, "expires_in": int64(lifetime / time.Second)}
	if refreshToken != "" {
		result["refresh_token"] = refreshToken
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": result})
}

// scopeAnonymous is the scope of an anonymous user's grant, as Authgear gives it.
const scopeAnonymous = "openid offline_access https://authgear.com/scopes/full-access"

func (s *Server) newAnonymousUser() *User {
	id := randomToken()
	u := &User{Sub: "anon-" + id[:16], Username: "anonymous-" + id[:16], IsAnonymous: true, CustomAttributes: map[string]any{}}
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	s.anon.byName[u.Username] = u
	return u
}

// handlePromotionCode is Authgear's POST /api/anonymous_user/promotion_code (reference
// §5.9): the signed-in anonymous user (access token or cookie) gets a 5-minute code.
func (s *Server) handlePromotionCode(w http.ResponseWriter, r *http.Request) {
	if !s.enter(w, r, "promotion_code", "promotion_code", "") {
		return
	}
	noStore(w)
	id, present, err := s.identify(r)
	switch {
	case !present:
		apiError(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized", "authentication required")
		return
	case err != nil:
		apiError(w, http.StatusForbidden, "Forbidden", "Forbidden", "invalid credential")
		return
	case !id.user.IsAnonymous:
		apiError(w, http.StatusBadRequest, "Invalid", "Invalid", "user logged in as normal user")
		return
	}
	code := randomToken()
	expires := s.now().Add(promotionCodeLifetime)
	s.anon.mu.Lock()
	s.anon.codes[digest(code)] = promotionCode{username: id.user.Username, expires: expires}
	s.anon.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"result": map[string]any{"promotion_code": code, "expire_at": expires.UTC().Format(time.RFC3339)}})
}

// promotionCodeOf reads Authgear's anonymous login_hint
// (https://authgear.com/login_hint?type=anonymous&promotion_code=…); "" for any other hint.
func promotionCodeOf(hint string) string {
	rest, ok := strings.CutPrefix(hint, "https://authgear.com/login_hint?")
	if !ok {
		return ""
	}
	q, _ := url.ParseQuery(rest)
	if q.Get("type") != "anonymous" {
		return ""
	}
	return q.Get("promotion_code")
}

// promote turns the anonymous user of a live code into a normal user with the chosen
// username and password, keeping its sub; the code is spent. It reports the new name,
// or "" with a message for the form.
func (s *Server) promote(code, username, password string) (string, string) {
	if username == "" || password == "" {
		return "", "Choose a username and a password."
	}
	if s.userByName(username) != nil {
		return "", "That username is taken."
	}
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	pc, ok := s.anon.codes[digest(code)]
	if !ok || s.now().After(pc.expires) {
		return "", "This promotion link is unknown or expired."
	}
	delete(s.anon.codes, digest(code))
	u := s.anon.byName[pc.username]
	if u == nil || !u.IsAnonymous {
		return "", "This user was already promoted."
	}
	u.Username, u.Password, u.IsAnonymous, u.CanReauthenticate = username, password, false, true
	s.anon.byName[username] = u
	return username, ""
}
