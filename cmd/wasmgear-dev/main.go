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
	cfg, err := parseFlags(args, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	cfg.Logf = log.New(stderr, "", log.Ltime).Printf
	if _, err := os.Stat(filepath.Join(cfg.Root, "index.html")); err != nil {
		fmt.Fprintf(stderr, "warning: no index.html in %s; is -root the repository root?\n", cfg.Root)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	startCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := devserver.Start(startCtx, cfg)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w\nthe port is taken (another wasmgear-dev running?); choose free ones with -app, -idp and -upstream", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wasmgear demo\n  app:        %s/\n  identity:   %s/\n  upstream:   %s/  (connection %q)\n", s.AppURL, s.IdPURL, s.UpstreamURL, devserver.UpstreamConnection)
	for _, o := range cfg.AllowedOrigins {
		fmt.Fprintf(stdout, "  also serves: %s (client ID %q)\n", o, s.ClientID)
	}
	fmt.Fprintf(stdout, "  demo users: %s; upstream: alice / looking-glass\n  admin API:  %s/_admin/… (see -h)\nPress Ctrl+C to stop.\n", demoUsersLine(), s.IdPURL)
	<-ctx.Done()
	stop() // a second Ctrl+C now kills the process
	fmt.Fprintln(stderr, "shutting down")
	return s.Close()
}
