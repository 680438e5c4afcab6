package devserver

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
)

// withDefaults returns cfg with defaults filled in, or an error wrapping ErrInvalidConfig.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Root == "" {
		return cfg, fmt.Errorf("%w: Root is required", ErrInvalidConfig)
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return cfg, fmt.Errorf("%w: Root: %w", ErrInvalidConfig, err)
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return cfg, fmt.Errorf("%w: Root %q is not a directory", ErrInvalidConfig, cfg.Root)
	}
	cfg.Root = root
	if cfg.AppAddr, err = loopbackAddr(cfg.AppAddr); err != nil {
		return cfg, err
	}
	if cfg.IdPAddr, err = loopbackAddr(cfg.IdPAddr); err != nil {
		return cfg, err
	}
	if cfg.UpstreamAddr, err = loopbackAddr(cfg.UpstreamAddr); err != nil {
		return cfg, err
	}
	if cfg.AccessTokenLifetime < 0 {
		return cfg, fmt.Errorf("%w: negative AccessTokenLifetime", ErrInvalidConfig)
	}
	if cfg.ClientID == "" {
		cfg.ClientID = DefaultClientID
	}
	return cfg, nil
}

// loopbackAddr checks that addr listens on a loopback IP (RFC 1122 §3.2.1.3,
// RFC 4291 §2.5.3); "localhost" becomes 127.0.0.1 and "" becomes DefaultAddr.
func loopbackAddr(addr string) (string, error) {
	if addr == "" {
		return DefaultAddr, nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("%w: address %q: %w", ErrInvalidConfig, addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("%w: address %q is not loopback (use 127.0.0.1)", ErrInvalidConfig, addr)
	}
	return net.JoinHostPort(ip.String(), port), nil
}
