package e2e

import (
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestMeasure_ConfigureLatency reports (never asserts) how long a page waits from the
// script tag to a resolved configure(), median of 10 fresh loads: the delay the SDK
// adds to an app's start. It runs under `make bench` (WASMGEAR_BENCH=1).
func TestMeasure_ConfigureLatency(t *testing.T) {
	if os.Getenv("WASMGEAR_BENCH") == "" {
		t.Skip("a measurement: run with `make bench`")
	}
	srv := startApp(t, devserver.Config{})
	bc := newBrowserContext(t)
	tb := openTab(t, bc, srv.AppURL+"/?manual=1")
	tb.waitForPage(srv.AppURL, `typeof demo !== "undefined"`, 20*time.Second)
	var samples []float64
	for i := 0; i < 10; i++ {
		// Without ?manual the demo calls configure as soon as its script runs, so this is
		// the time from navigation start to a configured SDK, module download included.
		tb.run(chromedp.Navigate(srv.AppURL + "/?load=" + strconv.Itoa(i)))
		tb.waitForPage(srv.AppURL, `typeof demo !== "undefined" && demo.configuredAt !== undefined`, 20*time.Second)
		var ms float64
		tb.eval(`demo.configuredAt`, &ms)
		samples = append(samples, ms)
	}
	sort.Float64s(samples)
	t.Logf("measure: configure() resolved %.1f ms after navigation start (median of 10 loads; min %.1f, max %.1f)",
		(samples[4]+samples[5])/2, samples[0], samples[9])
}
