package devidp

import (
	"errors"
	"testing"
)

func TestNew_InvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{name: "missing issuer", cfg: Config{}},
		{name: "trailing slash", cfg: Config{Issuer: "http://127.0.0.1:1/"}},
		{name: "not http", cfg: Config{Issuer: "ftp://127.0.0.1:1"}},
		{name: "relative", cfg: Config{Issuer: "/idp"}},
		{name: "origin with path", cfg: Config{Issuer: "http://127.0.0.1:1", AllowedOrigins: []string{"http://a.example/app"}}},
		{name: "duplicate users", cfg: Config{Issuer: "http://127.0.0.1:1", Users: append(DemoUsers(), DemoUsers()[0])}},
		{name: "negative lifetime", cfg: Config{Issuer: "http://127.0.0.1:1", AccessTokenLifetime: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("New: got %v, want ErrInvalidConfig", err)
			}
		})
	}
}

func TestDemoUsers(t *testing.T) {
	users := DemoUsers()
	if len(users) != 2 || users[0].Username != "alice" || users[0].Password != "wonderland" ||
		users[1].Username != "bob" || users[1].Password != "builder" {
		t.Fatalf("unexpected demo users %+v", users)
	}
	if users[0].CustomAttributes["plan"] != "pro" || len(users[0].Roles) != 2 || users[1].Roles[0] != "reader" {
		t.Fatalf("unexpected demo user attributes %+v", users)
	}
	users[0].Roles[0] = "changed"
	if DemoUsers()[0].Roles[0] != "admin" {
		t.Fatal("DemoUsers shares state between calls")
	}
}
