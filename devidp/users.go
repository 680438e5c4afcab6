package devidp

import "crypto/subtle"

// User is an account of the development provider: the subject of the tokens it issues and
// the source of the claims userinfo answers (OpenID Connect Core 1.0 §5.1, plus Authgear's
// https://authgear.com/claims/user/* claims and custom attributes).
type User struct {
	Sub, Username, Password, Email, Name, GivenName, FamilyName string
	EmailVerified, IsAnonymous, CanReauthenticate               bool
	Roles                                                       []string
	CustomAttributes                                            map[string]any

	// What the settings pages changed (accounts.go), set on the copies userByName returns.
	phone, loginUsername string
	links                []string
	profiled             bool
}

// DemoUsers returns the seeded accounts (resource owners, RFC 6749 §1.1) the demo and the tests sign in with:
// alice / wonderland (roles admin and reader, custom attribute plan=pro) and
// bob / builder (role reader). Each call returns fresh values.
func DemoUsers() []User {
	return []User{
		{
			Sub:               "7b0f3c5e-a11c-4e00-9d2a-000000000a11",
			Username:          "alice",
			Password:          "wonderland",
			Email:             "alice@example.com",
			EmailVerified:     true,
			Name:              "Alice Liddell",
			GivenName:         "Alice",
			FamilyName:        "Liddell",
			CanReauthenticate: true,
			Roles:             []string{"admin", "reader"},
			CustomAttributes:  map[string]any{"plan": "pro"},
		},
		{
			Sub:               "2d6e9a41-b0b0-4e00-8c1f-000000000b0b",
			Username:          "bob",
			Password:          "builder",
			Email:             "bob@example.com",
			EmailVerified:     false,
			Name:              "Bob Builder",
			GivenName:         "Bob",
			FamilyName:        "Builder",
			CanReauthenticate: true,
			Roles:             []string{"reader"},
			CustomAttributes:  map[string]any{},
		},
	}
}

// userByName returns a copy of the user with that username, as the settings pages left
// it, or nil (none, or deleted): a seeded user, or one made by anonymous sign-up.
func (s *Server) userByName(username string) *User {
	for i := range s.users {
		if s.users[i].Username == username {
			c := s.users[i]
			return s.accounts.apply(&c)
		}
	}
	if u := s.anonymousUser(username); u != nil {
		return s.accounts.apply(u)
	}
	return nil
}

// authenticate checks a username and password, comparing the password in constant time.
func (s *Server) authenticate(username, password string) *User {
	u := s.userByName(s.signInName(username))
	if u == nil {
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(u.Password), []byte(password)) != 1 {
		return nil
	}
	return u
}
