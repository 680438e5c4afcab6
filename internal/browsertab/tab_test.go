package browsertab

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// formPage is a page with a form whose submit navigates, like the provider's login form.
const formPage = `<!doctype html><title>form</title>
<form action="/done" method="get"><input id="name" name="name"><button id="go">Go</button></form>
<script>window.clicks = 0; document.querySelector("#go").addEventListener("click", () => window.clicks++);</script>`

func testServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/done" {
			_, _ = w.Write([]byte(`<!doctype html><title>done</title><p id="who">` + r.URL.Query().Get("name")))
			return
		}
		_, _ = w.Write([]byte(formPage))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// engines starts the engines named in $WASMGEAR_ENGINES (comma-separated; default all).
func engines(t *testing.T) []Engine {
	names := Names
	if s := os.Getenv("WASMGEAR_ENGINES"); s != "" {
		names = strings.Split(s, ",")
	}
	out := make([]Engine, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Go(func() { out[i], errs[i] = Start(context.Background(), n) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s: %v", names[i], err)
		}
		t.Cleanup(func() { _ = out[i].Close() })
	}
	return out
}

func TestTab_EveryEngineDrivesAForm(t *testing.T) {
	srv := testServer(t)
	for _, e := range engines(t) {
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			t.Logf("%s", e.Version())
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			uc, err := e.NewUserContext(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer uc.Close()
			tab, err := uc.NewTab(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := tab.Open(ctx, srv.URL+"/"); err != nil {
				t.Fatal(err)
			}
			var sum int
			if err := tab.Eval(ctx, `const a = 40; Promise.resolve(a + 2)`, &sum); err != nil || sum != 42 {
				t.Fatalf("eval: %v, %v; want 42", sum, err)
			}
			var se *ScriptError
			if err := tab.Eval(ctx, `Promise.reject(new TypeError("nope"))`, nil); !errors.As(err, &se) || !strings.Contains(se.Message, "nope") {
				t.Fatalf("a rejected Promise: %v, want a ScriptError naming it", err)
			}
			if err := tab.Click(ctx, "#missing"); !errors.Is(err, ErrNoElement) {
				t.Fatalf("click on nothing: %v, want ErrNoElement", err)
			}
			if err := tab.Type(ctx, "#name", "alice"); err != nil {
				t.Fatal(err)
			}
			if err := tab.Click(ctx, "#go"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, tab, `document.querySelector("#who") && document.querySelector("#who").textContent === "alice"`)
			if u, err := tab.URL(ctx); err != nil || u != srv.URL+"/done?name=alice" {
				t.Fatalf("URL: %q, %v", u, err)
			}

			// A second tab of the same context: commands to both may alternate freely.
			two, err := uc.NewTab(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := two.Open(ctx, srv.URL+"/?two"); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3; i++ {
				var a, b string
				if err := tab.Eval(ctx, `location.search`, &a); err != nil {
					t.Fatal(err)
				}
				if err := two.Eval(ctx, `location.search`, &b); err != nil {
					t.Fatal(err)
				}
				if a != "?name=alice" || b != "?two" {
					t.Fatalf("tab one sees %q, tab two %q", a, b)
				}
			}
			if err := two.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// waitFor polls cond in the page; a navigation in between only costs a retry.
func waitFor(t *testing.T, ctx context.Context, tab Tab, cond string) {
	t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		var ok bool
		err := tab.Eval(ctx, `!!(`+cond+`)`, &ok)
		if err == nil && ok {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", cond, err)
		case <-tick.C:
		}
	}
}

// A UserContext keeps its storage to itself: the next one starts empty, so one test's
// session cannot leak into another's.
func TestTab_UserContextsShareNoStorage(t *testing.T) {
	srv := testServer(t)
	for _, e := range engines(t) {
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			read := func(write bool) (stored string) {
				uc, err := e.NewUserContext(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer uc.Close()
				tab, err := uc.NewTab(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if err := tab.Open(ctx, srv.URL+"/"); err != nil {
					t.Fatal(err)
				}
				if err := tab.Eval(ctx, `const v = localStorage.getItem("k"); if (`+strconv.FormatBool(write)+`) localStorage.setItem("k", "first"); v || ""`, &stored); err != nil {
					t.Fatal(err)
				}
				return stored
			}
			read(true)
			if got := read(false); got != "" {
				t.Fatalf("a new user context found %q in localStorage, stored by the one before", got)
			}
		})
	}
}
