// Package chrome starts the headless Chromium every browser test shares, with the flags
// this closed network needs: without the background-networking flags Chromium floods the
// network with update and sync requests that can never succeed.
package chrome

import (
	"context"
	"errors"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// ExecPath finds the browser: $WASMGEAR_CHROME, else Debian's chromium, else one on PATH.
func ExecPath() (string, error) {
	if p := os.Getenv("WASMGEAR_CHROME"); p != "" {
		return p, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chrome: no Chromium found: install Debian's chromium (make test does) or set WASMGEAR_CHROME")
}

// NewAllocator returns a context whose chromedp contexts run in one fresh headless
// Chromium with its own temporary profile; cancel stops it and removes the profile.
func NewAllocator(parent context.Context) (context.Context, context.CancelFunc, error) {
	path, err := ExecPath()
	if err != nil {
		return nil, nil, err
	}
	profile, err := os.MkdirTemp("", "wasmgear-chrome-")
	if err != nil {
		return nil, nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("no-pings", true),
	}
	ctx, cancel := chromedp.NewExecAllocator(parent, opts...)
	return ctx, func() {
		cancel()
		_ = os.RemoveAll(profile)
	}, nil
}
