package backend_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/wasmgear/wasmgear/backend"
)

// An API server that accepts the access tokens the wasmgear SDK sends with
// authgear.fetch. It needs the Authgear endpoint to be reachable, so it has
// no Output line and is only compiled.
func ExampleJWTVerifier_Middleware() {
	v, err := backend.NewJWTVerifier(context.Background(), "https://myapp.authgear.cloud")
	if err != nil {
		log.Fatal(err)
	}
	defer v.Close()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/me", func(w http.ResponseWriter, r *http.Request) {
		u, _ := backend.UserFrom(r.Context())
		fmt.Fprintf(w, "hello %s, roles %v\n", u.Sub, u.Roles)
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", v.Middleware(mux)))
}

// Resolver mode, run against a stand-in for Authgear's resolver endpoint.
func ExampleResolver_Middleware() {
	authgear := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("session"); err == nil && c.Value == "s3cret" {
			w.Header().Set("x-authgear-session-valid", "true")
			w.Header().Set("x-authgear-user-id", "user-1")
		}
	}))
	defer authgear.Close()

	resolver := backend.NewResolver(authgear.URL)
	api := httptest.NewServer(resolver.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _ := backend.UserFrom(r.Context())
		fmt.Fprintf(w, "hello %s", u.Sub)
	})))
	defer api.Close()

	for _, cookie := range []string{"session=s3cret", ""} {
		req, _ := http.NewRequest(http.MethodGet, api.URL, nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%d %s %q\n", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
	}
	// Output:
	// 200  "hello user-1"
	// 401 Bearer "{\"error\":\"unauthorized\"}\n"
}
