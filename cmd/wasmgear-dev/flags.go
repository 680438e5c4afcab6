package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// usageText follows the flag list of `wasmgear-dev -h`: what a developer needs to point
// their own app at the provider and to act out failures from a shell.
const usageText = `
Your own app (a Vite dev server, a second app) is served when its origin is allowed:
  wasmgear-dev -allow-origin http://localhost:5173
then configure it with  { clientID: "demo", endpoint: "http://127.0.0.1:8081" } (the
identity URL wasmgear-dev prints; -idp moves it) and a redirectURI on that origin.
localhost, 127.0.0.1 and [::1] count as the same host; the port must match.

%s
Admin API on the identity origin, loopback clients only (curl -X POST … -d JSON):
  POST /_admin/revoke        {"user":"alice"}                  end every session of a user
  GET  /_admin/config                                          read the settings below
  POST /_admin/config        {"access_token_lifetime_seconds":60, "rotate_refresh_tokens":true}
                             DPoP (RFC 9449, on by default): {"dpop":false}, {"dpop_required":true},
                             {"dpop_nonce_required":true}
  POST /_admin/dpop/rotate-nonce                               a new DPoP-Nonce; old proofs get use_dpop_nonce
  POST /_admin/fault         {"endpoint":"token", "grant":"refresh_token", "kind":"status",
                              "status":503, "delay_ms":0, "times":1}
                             endpoint: token userinfo revoke resolve discovery jwks;
                             kind: status malformed delay drop
  GET  /_admin/counts        requests per endpoint and grant;  POST /_admin/counts/reset
  GET/POST /_admin/access-keys  {"name":…, "permissions":[…]}  list / create an access key
  POST /_admin/access-keys/revoke {"id":…}                     revoke an access key
  POST /_admin/connections/expire {"user":"alice", "connection":"upstream"}
`

// listFlag is a flag that may be given many times, each a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			*l = append(*l, item)
		}
	}
	return nil
}

// parseFlags turns the command line into the servers' Config. -h and -help print the
// usage to stdout and return flag.ErrHelp; other errors have been printed to stderr.
func parseFlags(args []string, stdout, stderr io.Writer) (devserver.Config, error) {
	fs := flag.NewFlagSet("wasmgear-dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root: the directory with index.html and web/dist/")
	app := fs.String("app", "127.0.0.1:8080", "listen address of the demo app (loopback only)")
	idp := fs.String("idp", "127.0.0.1:8081", "listen address of the identity provider (loopback only)")
	up := fs.String("upstream", "127.0.0.1:8082", "listen address of the upstream OAuth provider (loopback only)")
	upLifetime := fs.Duration("upstream-access-token-lifetime", 0, "upstream access token lifetime (default 1h)")
	resolver := fs.Bool("resolver", false, "check demo API requests with the resolver endpoint instead of JWTs")
	lifetime := fs.Duration("access-token-lifetime", 0, "access token lifetime (default 30m)")
	rotate := fs.Bool("rotate", false, "rotate refresh tokens, with reuse detection")
	clientID := fs.String("client-id", devserver.DefaultClientID, "the registered public client ID")
	var origins, redirects listFlag
	fs.Var(&origins, "allow-origin", "another app `origin` to serve (CORS and redirects), e.g. http://localhost:5173; repeatable, comma-separated")
	fs.Var(&redirects, "redirect-uri", "an app's redirect `URI`; its origin is allowed as by -allow-origin; repeatable")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wasmgear-dev [flags]\n\nServes the development identity provider and the demo app on 127.0.0.1.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintf(fs.Output(), usageText, demoUsersText())
	}
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			fs.SetOutput(stdout) // asked-for help is output, not an error
		}
	}
	if err := fs.Parse(args); err != nil {
		return devserver.Config{}, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q (flags only; see -h)\n", fs.Arg(0))
		return devserver.Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg := devserver.Config{
		Root: *root, AppAddr: *app, IdPAddr: *idp, UpstreamAddr: *up, UpstreamAccessTokenLifetime: *upLifetime, ResolverMode: *resolver,
		AccessTokenLifetime: *lifetime, RotateRefreshTokens: *rotate, ClientID: *clientID,
	}
	for _, o := range origins {
		u, err := url.Parse(strings.TrimSuffix(o, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" {
			return devserver.Config{}, fmt.Errorf("-allow-origin %q: want scheme://host[:port], such as http://localhost:5173", o)
		}
		cfg.AllowedOrigins = append(cfg.AllowedOrigins, u.Scheme+"://"+u.Host)
	}
	for _, r := range redirects {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
			return devserver.Config{}, fmt.Errorf("-redirect-uri %q: want an absolute http(s) URL without a fragment", r)
		}
		cfg.AllowedOrigins = append(cfg.AllowedOrigins, u.Scheme+"://"+u.Host)
	}
	return cfg, nil
}

// demoUsersText lists the seeded accounts for -h, from devidp so it cannot go stale.
func demoUsersText() string {
	var b strings.Builder
	b.WriteString("Demo users:\n")
	for _, u := range devidp.DemoUsers() {
		fmt.Fprintf(&b, "  %-22s roles %s\n", u.Username+" / "+u.Password, strings.Join(u.Roles, ", "))
	}
	return b.String()
}

// demoUsersLine is the start-up banner's reminder of the seeded accounts.
func demoUsersLine() string {
	var parts []string
	for _, u := range devidp.DemoUsers() {
		parts = append(parts, u.Username+" / "+u.Password)
	}
	return strings.Join(parts, ", ")
}
