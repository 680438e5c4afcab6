package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// startApp runs the demo app and its identity provider for one test.
func startApp(t *testing.T, cfg devserver.Config) *devserver.Server {
	t.Helper()
	return startAppAt(t, repoRoot, cfg)
}

// startAppAt runs the demo servers with another Root, such as a bundle of the npm
// consumer app.
func startAppAt(t *testing.T, root string, cfg devserver.Config) *devserver.Server {
	t.Helper()
	cfg.Root = root
	if cfg.Secrets == nil {
		cfg.Secrets = suiteSecrets
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := devserver.Start(ctx, cfg)
	if err != nil {
		t.Fatalf("devserver: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// suiteSecrets scans every response, request URL and log line of every server the suite
// starts; TestMain fails the run if any carried an upstream refresh token or access key.
var suiteSecrets = &devserver.SecretScanner{}

// configureJS is the demo's configure call, with the test server's values.
func configureJS(srv *devserver.Server) string {
	return `authgear.configure({ clientID: ` + jsString(srv.ClientID) + `, endpoint: ` + jsString(srv.IdPURL) + ` })`
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	out := []byte{'"'}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			out = append(out, '\\', byte(r))
		case r < 0x20:
			out = append(out, []byte(`\u00`)...)
			out = append(out, "0123456789abcdef"[r>>4], "0123456789abcdef"[r&15])
		default:
			out = append(out, string(r)...)
		}
	}
	return string(append(out, '"'))
}
