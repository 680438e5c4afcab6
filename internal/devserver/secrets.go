package devserver

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
)

// secretPatterns match the two secrets that must never leave their one legitimate
// answer: an upstream refresh token (upstream.RefreshTokenPrefix and 32 random bytes) and
// a service-client access key (devidp.AccessKeyPrefix, an ID, a 32-byte secret).
var secretPatterns = map[string]*regexp.Regexp{
	"upstream refresh token": regexp.MustCompile(`urt\.[A-Za-z0-9_-]{43}`),
	"access key":             regexp.MustCompile(`wgsk_[A-Za-z0-9]{16}\.[A-Za-z0-9_-]{43}`),
}

// maxScannedBody bounds what SecretScanner keeps of one body.
const maxScannedBody = 4 << 20

// SecretScanner watches everything the demo servers send — every response's status line
// headers and body, every request URL, every log line — and records each place an
// upstream refresh token or an access key appears outside the two answers that must
// carry one: the upstream token endpoint's answer to devidp's back channel, and the admin
// answer that creates a key (shown that once). Set it as Config.Secrets.
type SecretScanner struct {
	mu       sync.Mutex // guards the fields below
	findings []string
	scanned  int
}

// Findings returns a description of every leak seen so far, secrets masked.
func (s *SecretScanner) Findings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.findings...)
}

// Scanned counts the responses, URLs and log lines looked at.
func (s *SecretScanner) Scanned() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.scanned
}

// Scan looks at one piece of text sent somewhere and records any secret in it.
func (s *SecretScanner) Scan(where string, text []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scanned++
	for name, re := range secretPatterns {
		if m := re.Find(text); m != nil {
			s.findings = append(s.findings, fmt.Sprintf("%s: %s %s…", where, name, m[:8]))
		}
	}
}

// allowedToCarrySecrets reports the two answers that legitimately carry a secret.
func allowedToCarrySecrets(origin string, r *http.Request, status int) bool {
	switch {
	case origin == "upstream" && r.URL.Path == "/token" && status == http.StatusOK:
		return true // the refresh token goes to its client, devidp, on the back channel
	case origin == "idp" && r.URL.Path == "/_admin/access-keys" && r.Method == http.MethodPost && status == http.StatusCreated:
		return true // the new key, shown once
	}
	return false
}

// wrap scans every request URL and response of next; a nil scanner returns next.
func (s *SecretScanner) wrap(origin string, next http.Handler) http.Handler {
	if s == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Scan(origin+" request URL "+r.URL.Path, []byte(r.URL.RequestURI()))
		tw := &teeWriter{ResponseWriter: w}
		next.ServeHTTP(tw, r)
		if tw.status == 0 {
			tw.status = http.StatusOK
		}
		if allowedToCarrySecrets(origin, r, tw.status) {
			return
		}
		var head bytes.Buffer
		_ = w.Header().Write(&head)
		where := fmt.Sprintf("%s %s %s → %d", origin, r.Method, r.URL.Path, tw.status)
		s.Scan(where+" headers", head.Bytes())
		s.Scan(where+" body", tw.body.Bytes())
	})
}

// logf returns a log function that scans each line before passing it on to next.
func (s *SecretScanner) logf(next func(string, ...any)) func(string, ...any) {
	if s == nil {
		return next
	}
	return func(format string, args ...any) {
		line := fmt.Sprintf(format, args...)
		s.Scan("log line "+strings.SplitN(line, " ", 2)[0], []byte(line))
		if next != nil {
			next("%s", line)
		}
	}
}

// teeWriter keeps a copy of what a handler writes.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *teeWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *teeWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if room := maxScannedBody - w.body.Len(); room > 0 {
		w.body.Write(b[:min(len(b), room)])
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (hijack, flush).
func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
