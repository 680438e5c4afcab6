package devserver

import (
	"net/http"
	"sync"
)

// maxRecorded bounds the recorder, so a long-running demo does not grow without limit.
const maxRecorded = 1000

// APIRequest is what reached the demo API: tests read it to check that the SDK sent the
// method, path and credential they expect (RFC 6750 §2.1 Authorization header, or a
// cookie in cookie mode).
type APIRequest struct {
	Method string
	Path   string
	// Authorization is the header's value as received, token included. It is kept in
	// memory for tests only and never logged.
	Authorization string
	// Cookie reports whether the request carried a Cookie header.
	Cookie bool
}

// recorder keeps the latest demo-API requests.
type recorder struct {
	mu    sync.Mutex // guards reqs
	reqs  []APIRequest
	limit int
}

func newRecorder(limit int) *recorder { return &recorder{limit: limit} }

// wrap records every request before next sees it, whatever next answers.
func (rec *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(APIRequest{
			Method:        r.Method,
			Path:          r.URL.Path,
			Authorization: r.Header.Get("Authorization"),
			Cookie:        r.Header.Get("Cookie") != "",
		})
		next.ServeHTTP(w, r)
	})
}

func (rec *recorder) add(r APIRequest) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) >= rec.limit {
		rec.reqs = append(rec.reqs[:0], rec.reqs[1:]...)
	}
	rec.reqs = append(rec.reqs, r)
}

func (rec *recorder) list() []APIRequest {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]APIRequest(nil), rec.reqs...)
}

func (rec *recorder) reset() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.reqs = nil
}
