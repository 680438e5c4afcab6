package devidp

import (
	"net/http"
	"strings"
)

// maxFaultSize bounds FaultHuge: enough to exceed any client's cap many times over,
// small enough that a test cannot make devidp itself run out of memory.
const maxFaultSize = 256 << 20

// writeFaultAnswer answers with a fault that replaces the whole response: a body of the
// test's choosing, a huge body, or a redirect.
func writeFaultAnswer(w http.ResponseWriter, f Fault) {
	noStore(w)
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	switch f.Kind {
	case FaultRedirect:
		w.Header().Set("Location", f.Location)
		w.WriteHeader(http.StatusFound)
	case FaultHuge:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		writeHugeBody(w, f.Size)
	default:
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body))
	}
}

// writeHugeBody streams size bytes of an unterminated JSON string, without a
// Content-Length, so a client learns the size only by reading.
func writeHugeBody(w http.ResponseWriter, size int) {
	prefix := `{"access_token":"`
	if _, err := w.Write([]byte(prefix[:min(len(prefix), size)])); err != nil {
		return
	}
	chunk := []byte(strings.Repeat("x", 64<<10))
	for written := len(prefix); written < size; written += len(chunk) {
		if _, err := w.Write(chunk[:min(len(chunk), size-written)]); err != nil {
			return
		}
	}
}

// ClearFaults drops every queued fault, so a test can end a fault it queued for many hits.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.q = nil
}
