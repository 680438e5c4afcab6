// Command wasmgear-dev is the `make demo` server: the development OpenID provider and
// the demo app (index.html, web/dist, a protected demo API) on two loopback origins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "wasmgear-dev:", err)
		os.Exit(1)
	}
}

// run parses flags, starts the servers, prints where they are and waits for SIGINT or
// SIGTERM.
func run(args []string, stdout, stderr io.Writer) error {
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*root, "index.html")); err != nil {
		fmt.Fprintf(stderr, "warning: no index.html in %s; is -root the repository root?\n", *root)
	}
	logger := log.New(stderr, "", log.Ltime)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	startCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := devserver.Start(startCtx, devserver.Config{
		Root: *root, AppAddr: *app, IdPAddr: *idp, UpstreamAddr: *up, UpstreamAccessTokenLifetime: *upLifetime, ResolverMode: *resolver,
		AccessTokenLifetime: *lifetime, RotateRefreshTokens: *rotate, Logf: logger.Printf,
	})
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w\nthe port is taken (another wasmgear-dev running?); choose free ones with -app, -idp and -upstream", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wasmgear demo\n  app:        %s/\n  identity:   %s/\n  upstream:   %s/  (connection %q)\n", s.AppURL, s.IdPURL, s.UpstreamURL, devserver.UpstreamConnection)
	fmt.Fprintf(stdout, "  demo login: alice / wonderland   (also bob / builder); upstream: alice / looking-glass\nPress Ctrl+C to stop.\n")
	<-ctx.Done()
	stop() // a second Ctrl+C now kills the process
	fmt.Fprintln(stderr, "shutting down")
	return s.Close()
}
