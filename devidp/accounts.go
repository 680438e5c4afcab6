package devidp

import (
	"slices"
	"sync"
	"time"
)

// Login ID types of Authgear's identities (login_id_type and the q_login_id_key of the
// settings pages).
const (
	loginIDEmail    = "email"
	loginIDPhone    = "phone"
	loginIDUsername = "username"
)

// accounts holds what the settings pages changed, by user (its sub): the password, the
// login IDs, the linked connections, or the account's deletion. Every read of a user goes
// through it (userByName), so a change shows in sign-in, tokens and userinfo at once.
type accounts struct {
	mu               sync.Mutex // guards profiles and deletionDisabled
	profiles         map[string]*profile
	deletionDisabled bool
}

// SetAccountDeletion switches deletion by the user (the delete_account settings action) on
// (the default) or off; off, its authorization request is refused with invalid_request,
// as Authgear's when ScheduledByEndUserEnabled is false.
func (s *Server) SetAccountDeletion(enabled bool) {
	s.accounts.mu.Lock()
	defer s.accounts.mu.Unlock()
	s.accounts.deletionDisabled = !enabled
}

func (a *accounts) deletionAllowed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return !a.deletionDisabled
}

// profile is a user as the settings pages left it. name is the key its grants use.
type profile struct {
	name     string
	password string
	loginIDs map[string][]string // by login ID type; the first is the one claims show
	links    []string            // aliases of linked connections
	deleted  bool
}

// profileOf is u's profile, made from u on first use. a.mu must be held.
func (a *accounts) profileOf(name string, u *User) *profile {
	if p, ok := a.profiles[u.Sub]; ok {
		return p
	}
	p := &profile{name: name, password: u.Password, loginIDs: map[string][]string{}}
	if u.Email != "" {
		p.loginIDs[loginIDEmail] = []string{u.Email}
	}
	if !u.IsAnonymous {
		p.loginIDs[loginIDUsername] = []string{u.Username}
	}
	a.profiles[u.Sub] = p
	return p
}

// apply returns u as its profile says, or nil when the account was deleted.
func (a *accounts) apply(u *User) *User {
	a.mu.Lock()
	defer a.mu.Unlock()
	p, ok := a.profiles[u.Sub]
	if !ok {
		return u
	}
	if p.deleted {
		return nil
	}
	c := *u
	c.Password, c.Email, c.phone = p.password, first(p.loginIDs[loginIDEmail]), first(p.loginIDs[loginIDPhone])
	c.loginUsername, c.links, c.profiled = first(p.loginIDs[loginIDUsername]), slices.Clone(p.links), true
	return &c
}

// nameOfLoginID is the key of the user a changed login ID signs in, if any.
func (a *accounts) nameOfLoginID(loginID string) (name string, profiled bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range a.profiles {
		for _, ids := range p.loginIDs {
			if slices.Contains(ids, loginID) && !p.deleted {
				return p.name, true
			}
		}
	}
	return "", false
}

// update runs change on u's profile under the lock and answers its message ("" is done).
func (a *accounts) update(name string, u *User, change func(p *profile) string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return change(a.profileOf(name, u))
}

// taken reports whether any account signs in with loginID. a.mu must be held.
func (a *accounts) takenLocked(s *Server, loginID string) bool {
	for _, p := range a.profiles {
		for _, ids := range p.loginIDs {
			if slices.Contains(ids, loginID) {
				return true
			}
		}
	}
	for _, u := range s.users {
		if _, ok := a.profiles[u.Sub]; !ok && (u.Username == loginID || u.Email == loginID) {
			return true
		}
	}
	return false
}

// preferredUsername is the username login ID claims show: the account's own name until
// a settings page changes it.
func (u *User) preferredUsername() string {
	if u.profiled {
		return u.loginUsername
	}
	return u.Username
}

// signInName is the key of the user loginID signs in: a login ID the settings pages set,
// else a username no settings page changed away.
func (s *Server) signInName(loginID string) string {
	if name, ok := s.accounts.nameOfLoginID(loginID); ok {
		return name
	}
	if u := s.userByName(loginID); u != nil && !u.profiled {
		return loginID
	}
	return ""
}

func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}

// claimIdentities is Authgear's list of the user's identities, in userinfo.
const claimIdentities = "https://authgear.com/claims/user/identities"

// identitiesClaim lists the login IDs and linked connections of a user in Authgear's
// shape (no values: the standard claims carry those).
func (s *Server) identitiesClaim(u *User) []map[string]any {
	at := s.started.UTC().Format(time.RFC3339)
	var out []map[string]any
	add := func(kind string, n int) {
		for range n {
			out = append(out, map[string]any{"type": "login_id", "login_id_type": kind, "login_id_key": kind,
				"created_at": at, "updated_at": at})
		}
	}
	a := &s.accounts
	a.mu.Lock()
	p, ok := a.profiles[u.Sub]
	if !ok {
		p = (&accounts{profiles: map[string]*profile{}}).profileOf(u.Username, u) // as it would start
	}
	for _, kind := range []string{loginIDEmail, loginIDPhone, loginIDUsername} {
		add(kind, len(p.loginIDs[kind]))
	}
	a.mu.Unlock()
	for _, alias := range u.links {
		out = append(out, map[string]any{"type": "oauth", "oauth_provider_type": "oauth2", "oauth_provider_alias": alias,
			"created_at": at, "updated_at": at})
	}
	return out
}
