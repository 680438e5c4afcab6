package engines

import (
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/internal/devserver"
)

// TestMeasure_StartupPerEngine reports (never asserts) how long a page waits for the
// SDK in each engine: from the request for authgear.js, and from navigation start, to a
// resolved configure(), median of 10 fresh loads; and how long the engine took to launch.
// The engines run one after another so they do not share the CPU. It runs under
// `make bench` (WASMGEAR_BENCH=1).
func TestMeasure_StartupPerEngine(t *testing.T) {
	if os.Getenv("WASMGEAR_BENCH") == "" {
		t.Skip("a measurement: run with `make bench`")
	}
	for _, e := range engines {
		srv := startApp(t, repoRoot, devserver.Config{})
		p := newBrowser(t, e).open(srv.AppURL + "/?manual=1")
		p.waitForPage(srv.AppURL, `typeof demo !== "undefined"`)
		var fromScript, fromNav []float64
		for i := 0; i < 10; i++ {
			p.navigate(srv.AppURL + "/?load=" + strconv.Itoa(i))
			p.waitForPage(srv.AppURL, `typeof demo !== "undefined" && demo.configuredAt !== undefined`)
			var m struct{ Nav, Script float64 }
			p.eval(`({ nav: demo.configuredAt, script: demo.configuredAt -
			  performance.getEntriesByName(new URL("/web/dist/authgear.js", location.href).href)[0].startTime })`, &m)
			fromScript, fromNav = append(fromScript, m.Script), append(fromNav, m.Nav)
		}
		t.Logf("measure: %-8s | %-22s | script → configure() %6.1f ms (min %.1f, max %.1f) | navigation → configure() %6.1f ms | engine launch %v",
			e.Name(), e.Version(), median(fromScript), minOf(fromScript), maxOf(fromScript), median(fromNav), e.startup.Round(10*time.Millisecond))
	}
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

func minOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

func maxOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
