package devidp

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// CallbackPath is devidp's redirect URI at every upstream connection, under the issuer
// (RFC 6749 §3.1.2): register Issuer + CallbackPath with the upstream provider.
const CallbackPath = "/oauth2/callback"

// federationCookie binds an upstream sign-in to the browser that started it, so a
// callback URL sent to someone else cannot sign them in to the sender's account
// (RFC 9700 §4.7.1, login CSRF). Each sign-in has its own cookie, named after its state,
// so sign-ins running at once in one browser (two tabs; or two providers on one host,
// since cookies ignore the port) do not overwrite each other's.
const federationCookie = "devidp_federation_"

// federationCookieName names the cookie of the sign-in with that state.
func federationCookieName(state string) string {
	return federationCookie + b64([]byte(digest(state)))[:16]
}

// federation is a sign-in waiting for the upstream provider to send the user back.
type federation struct {
	req        authRequest
	connection Connection
	verifier   string // PKCE (RFC 7636 §4.1); the upstream sees only its S256 challenge
	browser    string // digest of the federationCookie value
	expires    time.Time
}

// federations are the pending upstream sign-ins, keyed by the digest of their state.
type federations struct {
	mu sync.Mutex // guards m
	m  map[string]*federation
}

func (f *federations) save(state string, fed *federation) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[string]*federation{}
	}
	for k, old := range f.m {
		if fed.expires.Sub(old.expires) > pendingLifetime {
			delete(f.m, k)
		}
	}
	f.m[digest(state)] = fed
}

// take returns and forgets the sign-in of a state: a callback is answered once.
func (f *federations) take(state string, now time.Time) (*federation, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fed, ok := f.m[digest(state)]
	delete(f.m, digest(state))
	return fed, ok && now.Before(fed.expires)
}

// connection returns the configured connection with that ID.
func (s *Server) connection(id string) (Connection, bool) {
	c, ok := s.connections[id]
	return c, ok && id != ""
}

// startFederation sends the user to the upstream authorize endpoint with PKCE S256, a
// fresh state and the app's connection properties.
func (s *Server) startFederation(w http.ResponseWriter, req authRequest, c Connection, props url.Values) {
	state, verifier, browser := randomToken(), randomToken(), randomToken()
	s.federations.save(state, &federation{req: req, connection: c, verifier: verifier, browser: digest(browser),
		expires: s.now().Add(pendingLifetime)})
	http.SetCookie(w, &http.Cookie{Name: federationCookieName(state), Value: browser, Path: s.basePath + CallbackPath,
		MaxAge: int(pendingLifetime / time.Second), HttpOnly: true, Secure: s.secureCookie, SameSite: http.SameSiteLaxMode})
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"client_id": {c.ClientID}, "redirect_uri": {s.url(CallbackPath)}, "response_type": {"code"},
		"state": {state}, "code_challenge": {b64(sum[:])}, "code_challenge_method": {"S256"}, "scope": {c.Scope}}
	for _, p := range connectionPropertyParams {
		if v := props.Get(p.devidp); v != "" {
			q.Set(p.upstream, v)
		}
	}
	if q.Get("scope") == "" {
		q.Del("scope")
	}
	s.counts.inc("federate")
	redirectTo(w, c.AuthorizeURL, q)
}

// handleCallback finishes an upstream sign-in (RFC 6749 §4.1.2): it redeems the code on
// the back channel, links the upstream account to a devidp user by email, stores the
// upstream tokens in the vault and sends the user back to the app with devidp's own code.
func (s *Server) handleCallback(w http.ResponseWriter, r *http.Request) {
	s.counts.inc("callback")
	q := r.URL.Query()
	fed, ok := s.federations.take(q.Get("state"), s.now())
	if !ok {
		s.renderError(w, http.StatusBadRequest, "This upstream sign-in is unknown, expired or already answered.")
		return
	}
	if c, err := r.Cookie(federationCookieName(q.Get("state"))); err != nil || subtle.ConstantTimeCompare([]byte(digest(c.Value)), []byte(fed.browser)) != 1 {
		s.renderError(w, http.StatusBadRequest, "This upstream sign-in was started in another browser.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: federationCookieName(q.Get("state")), Path: s.basePath + CallbackPath, MaxAge: -1})
	if e := q.Get("error"); e != "" {
		code := "server_error"
		if e == "access_denied" {
			code = e
		}
		s.redirectError(w, fed.req, code, "the upstream provider answered "+e)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	tokens, err := s.upstreamToken(ctx, fed.connection, url.Values{"grant_type": {grantAuthorizationCode},
		"code": {q.Get("code")}, "redirect_uri": {s.url(CallbackPath)}, "code_verifier": {fed.verifier}})
	if err != nil {
		s.redirectError(w, fed.req, "server_error", "the upstream code exchange failed")
		return
	}
	email, err := s.upstreamEmail(ctx, fed.connection, tokens.AccessToken)
	if err != nil {
		s.redirectError(w, fed.req, "server_error", "the upstream account could not be read")
		return
	}
	u := s.userByEmail(email)
	if u == nil {
		s.redirectError(w, fed.req, "access_denied", "no devidp account is linked to this upstream account")
		return
	}
	now := s.now()
	s.vault.store(u.Sub, fed.connection.ID, tokens.AccessToken, tokens.RefreshToken, now.Add(time.Duration(tokens.ExpiresIn)*time.Second), now)
	s.counts.inc("login")
	s.completeSignIn(w, fed.req, u.Username, fed.connection.ID, now)
}

// upstreamTokens is the upstream token response (RFC 6749 §5.1). Its refresh token goes
// into the vault and nowhere else.
type upstreamTokens struct {
	AccessToken  string `json:"access_token"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
}

// upstreamError is an upstream token endpoint's error (RFC 6749 §5.2).
type upstreamError struct {
	Status int
	Code   string
}

func (e *upstreamError) Error() string {
	return fmt.Sprintf("devidp: upstream token endpoint: HTTP %d %s", e.Status, e.Code)
}

// errUpstreamRejectedGrant is an upstream invalid_grant: the refresh token is revoked,
// expired or spent, and only a new consent brings a new one.
var errUpstreamRejectedGrant = errors.New("devidp: upstream rejected the grant")

// upstreamToken calls the connection's token endpoint as its confidential client.
func (s *Server) upstreamToken(ctx context.Context, c Connection, form url.Values) (upstreamTokens, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return upstreamTokens{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(url.QueryEscape(c.ClientID), url.QueryEscape(c.ClientSecret)) // RFC 6749 §2.3.1
	resp, err := s.upstreamClient.Do(req)
	if err != nil {
		return upstreamTokens{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return upstreamTokens{}, err
	}
	if resp.StatusCode != http.StatusOK {
		var oe oauthError
		_ = json.Unmarshal(body, &oe)
		if oe.Code == "invalid_grant" {
			return upstreamTokens{}, errors.Join(errUpstreamRejectedGrant, &upstreamError{resp.StatusCode, oe.Code})
		}
		return upstreamTokens{}, &upstreamError{resp.StatusCode, oe.Code}
	}
	var t upstreamTokens
	if err := json.Unmarshal(body, &t); err != nil || t.AccessToken == "" || t.ExpiresIn <= 0 {
		return upstreamTokens{}, &upstreamError{Status: resp.StatusCode, Code: "malformed token response"}
	}
	return t, nil
}

// upstreamEmail reads the upstream account's email with its access token (RFC 6750 §2.1).
func (s *Server) upstreamEmail(ctx context.Context, c Connection, accessToken string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.UserInfoURL, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	resp, err := s.upstreamClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var me struct {
		Email string `json:"email"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&me) != nil || me.Email == "" {
		return "", fmt.Errorf("devidp: upstream user info: HTTP %d", resp.StatusCode)
	}
	return me.Email, nil
}

// userByEmail returns the user with that email, or nil.
func (s *Server) userByEmail(email string) *User {
	for i := range s.users {
		if strings.EqualFold(s.users[i].Email, email) {
			return s.userByName(s.users[i].Username) // nil once the account is deleted
		}
	}
	return nil
}
