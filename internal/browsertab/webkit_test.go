package browsertab

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// Without a display MiniBrowser cannot start and WebKitWebDriver never answers
// POST /session: the bound must turn that into a prompt, named failure.
func TestWebKit_SessionWithoutADisplayFailsWithinItsBound(t *testing.T) {
	if s := os.Getenv("WASMGEAR_ENGINES"); s != "" && !strings.Contains(s, "webkit") {
		t.Skip("WebKit is not among $WASMGEAR_ENGINES")
	}
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	start := time.Now()
	e, err := startWebKit(context.Background(), webkitOptions{noDisplay: true, sessionTimeout: 2 * time.Second})
	if err == nil {
		_ = e.Close()
		t.Fatal("a WebKit session started without a display")
	}
	if !errors.Is(err, ErrSessionTimeout) {
		t.Fatalf("got %v, want ErrSessionTimeout", err)
	}
	t.Log(err)
	if took := time.Since(start); took > 30*time.Second {
		t.Fatalf("the failure took %v", took)
	}
}
