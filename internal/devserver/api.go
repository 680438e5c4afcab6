package devserver

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wasmgear/wasmgear/backend"
)

const (
	// maxEchoBody bounds the body /api/echo reads back.
	maxEchoBody = 1 << 20
	// maxSlow caps the wait of /api/slow.
	maxSlow = 10 * time.Second
)

// newAPIHandler is the demo API that the SDK's authgear.fetch calls. It sits behind the
// backend middleware, so every handler has a backend.User in its context.
func newAPIHandler(mode string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/me", func(w http.ResponseWriter, r *http.Request) { handleMe(w, r, mode) })
	mux.HandleFunc("/api/echo", handleEcho)
	mux.HandleFunc("GET /api/slow", handleSlow)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIJSON(w, http.StatusNotFound, map[string]string{"error": "not_found"})
	})
	return mux
}

// meResponse is the user the backend middleware found, in the demo page's terms.
type meResponse struct {
	Sub         string   `json:"sub"`
	Roles       []string `json:"roles"`
	IsAnonymous bool     `json:"isAnonymous"`
	IsVerified  bool     `json:"isVerified"`
	Mode        string   `json:"mode"`
}

// handleMe answers who the request's credential belongs to (RFC 6750 §2.1 bearer token
// checked by the middleware).
func handleMe(w http.ResponseWriter, r *http.Request, mode string) {
	u, ok := backend.UserFrom(r.Context())
	if !ok {
		writeAPIJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized"})
		return
	}
	roles := append([]string{}, u.Roles...)
	writeAPIJSON(w, http.StatusOK, meResponse{Sub: u.Sub, Roles: roles,
		IsAnonymous: u.IsAnonymous, IsVerified: u.IsVerified, Mode: mode})
}

// echoResponse describes the request as the server received it.
type echoResponse struct {
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Query      string            `json:"query"` // the raw query, as sent
	Headers    map[string]string `json:"headers"`
	Body       string            `json:"body"`
	BodyLength int               `json:"bodyLength"`
}

// echoMethods are the methods /api/echo answers, so tests can check that authgear.fetch
// keeps each one (RFC 9110 §9.3).
var echoMethods = map[string]bool{
	http.MethodGet: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true,
}

// handleEcho answers the method, path, query, headers and body it received. Credentials
// are never echoed: Authorization shows only its scheme and Cookie only its presence.
func handleEcho(w http.ResponseWriter, r *http.Request) {
	if !echoMethods[r.Method] {
		methodNotAllowed(w, "GET, POST, PUT, PATCH, DELETE")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxEchoBody))
	if err != nil {
		status := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			status = http.StatusRequestEntityTooLarge
		}
		writeAPIJSON(w, status, map[string]string{"error": "unreadable_body"})
		return
	}
	headers := make(map[string]string, len(r.Header))
	for name, values := range r.Header {
		headers[strings.ToLower(name)] = strings.Join(values, ", ")
	}
	if a := r.Header.Get("Authorization"); a != "" {
		scheme, _, _ := strings.Cut(a, " ")
		headers["authorization"] = scheme + " <present>"
	}
	if _, ok := headers["cookie"]; ok {
		headers["cookie"] = "<present>"
	}
	writeAPIJSON(w, http.StatusOK, echoResponse{Method: r.Method, Path: r.URL.Path,
		Query: r.URL.RawQuery, Headers: headers, Body: string(body), BodyLength: len(body)})
}

// handleSlow waits ms milliseconds (at most 10 s) or until the client goes away, for
// tests that abort a fetch.
func handleSlow(w http.ResponseWriter, r *http.Request) {
	ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
	if err != nil || ms < 0 {
		writeAPIJSON(w, http.StatusBadRequest, map[string]string{"error": "ms must be a non-negative integer"})
		return
	}
	d := min(time.Duration(ms)*time.Millisecond, maxSlow)
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		writeAPIJSON(w, http.StatusOK, map[string]int64{"waitedMs": d.Milliseconds()})
	case <-r.Context().Done():
	}
}

// writeAPIJSON answers v as JSON; user data is never stored by caches (RFC 9111 §5.2.2.5).
func writeAPIJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
