package devserver

import (
	"net/http"
	"time"
)

// noCache makes every answer revalidate (RFC 9111 §5.2.2.4), so a rebuilt SDK is picked
// up by the next page load. Handlers that answer user data override it with no-store.
func noCache(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		next.ServeHTTP(w, r)
	})
}

// logRequests reports one line per request to logf: origin, method, path and status.
// The query is left out (it carries authorization codes and state, RFC 6749 §4.1.2),
// and so are headers and bodies. A nil logf returns next unchanged.
func logRequests(logf func(string, ...any), origin string, next http.Handler) http.Handler {
	if logf == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		logf("%s %s %s %d %s", origin, r.Method, r.URL.Path, status, time.Since(start).Round(time.Millisecond))
	})
}

// statusWriter remembers the status code a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (flush, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
