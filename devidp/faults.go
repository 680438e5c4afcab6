package devidp

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// FaultKind says how an injected fault breaks a response.
type FaultKind int

// Fault kinds: the failures a client must survive (RFC 6749 §5.2 says nothing of them,
// networks do).
const (
	// FaultDelay waits Fault.Delay, then answers normally.
	FaultDelay FaultKind = iota + 1
	// FaultStatus answers Fault.Status (default 503) with a JSON error body.
	FaultStatus
	// FaultMalformed answers 200 with a body that is not JSON.
	FaultMalformed
	// FaultDrop closes the connection without answering.
	FaultDrop
	// The hostile answers of id_token_faults.go: the request succeeds, its ID token (on
	// "token") or its sub (on "userinfo") is one a client must refuse.
	FaultIDTokenAlgNone
	FaultIDTokenBadSignature
	FaultIDTokenExpired
	FaultIDTokenForeignAZP
	FaultIDTokenForeignSub
	FaultUserInfoForeignSub
	// FaultBody answers Fault.Status (default 200) with Fault.Body and Fault.Header: a
	// hostile or broken provider's document, an HTML error page, a JSON bomb.
	FaultBody
	// FaultHuge answers 200 with a JSON-looking body of Fault.Size bytes, streamed.
	FaultHuge
	// FaultRedirect answers 302 to Fault.Location.
	FaultRedirect
)

var faultKindNames = map[FaultKind]string{FaultDelay: "delay", FaultStatus: "status",
	FaultMalformed: "malformed", FaultDrop: "drop", FaultIDTokenAlgNone: "id_token_alg_none",
	FaultIDTokenBadSignature: "id_token_bad_signature", FaultIDTokenExpired: "id_token_expired",
	FaultIDTokenForeignAZP: "id_token_foreign_azp", FaultIDTokenForeignSub: "id_token_foreign_sub",
	FaultUserInfoForeignSub: "userinfo_foreign_sub", FaultBody: "body", FaultHuge: "huge", FaultRedirect: "redirect"}

// String returns the kind's name in the admin API: "delay", "status", "malformed", "drop".
func (k FaultKind) String() string {
	if n, ok := faultKindNames[k]; ok {
		return n
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

func parseFaultKind(name string) (FaultKind, bool) {
	for k, n := range faultKindNames {
		if n == name {
			return k, true
		}
	}
	return 0, false
}

// faultEndpoints are the endpoints a Fault may name.
var faultEndpoints = map[string]bool{"token": true, "userinfo": true, "revoke": true,
	"resolve": true, "discovery": true, "jwks": true}

// Fault is one queued failure. Zero fields take defaults: Kind FaultStatus, Status 503,
// Times 1; an empty Grant matches every grant type.
type Fault struct {
	Endpoint string        // "token", "userinfo", "revoke", "resolve", "discovery", "jwks"
	Grant    string        // for "token": "refresh_token" / "authorization_code"; "" = any
	Kind     FaultKind     // what happens
	Status   int           // for FaultStatus
	Code     string        // for FaultStatus: the RFC 6749 §5.2 error code; "" = server_error
	Delay    time.Duration // for FaultDelay
	Times    int           // how many matching requests it hits
	// Header is added to the answer of FaultStatus and FaultBody (e.g. Retry-After).
	Header   map[string]string
	Body     string // for FaultBody
	Size     int    // for FaultHuge: bytes
	Location string // for FaultRedirect
}

// faultQueue holds the faults not yet spent, first injected first matched.
type faultQueue struct {
	mu sync.Mutex // guards q
	q  []Fault
}

// InjectFault queues a fault for the next matching requests, so tests can show a client
// survives the 5xx answers RFC 6749 §5.2 leaves out, bad bodies, delays and lost connections.
func (s *Server) InjectFault(f Fault) {
	if f.Kind == 0 {
		f.Kind = FaultStatus
	}
	if f.Status == 0 && f.Kind != FaultBody {
		f.Status = http.StatusServiceUnavailable
	}
	if f.Times <= 0 {
		f.Times = 1
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.q = append(s.faults.q, f)
}

// take spends one hit of the first fault matching endpoint and grant, among the hostile
// answers (hostile) or the failures.
func (fq *faultQueue) take(endpoint, grant string, hostile bool) (Fault, bool) {
	fq.mu.Lock()
	defer fq.mu.Unlock()
	for i := range fq.q {
		f := &fq.q[i]
		if f.Endpoint != endpoint || (f.Grant != "" && f.Grant != grant) || f.Kind.hostile() != hostile {
			continue
		}
		hit := *f
		if f.Times--; f.Times == 0 {
			fq.q = append(fq.q[:i], fq.q[i+1:]...)
		}
		return hit, true
	}
	return Fault{}, false
}

// enter counts a request and applies a queued fault for endpoint; it reports whether the
// handler should go on answering.
func (s *Server) enter(w http.ResponseWriter, r *http.Request, counter, endpoint, grant string) bool {
	s.counts.inc(counter)
	f, ok := s.faults.take(endpoint, grant, false)
	if !ok {
		return true
	}
	switch f.Kind {
	case FaultDelay:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-r.Context().Done():
			return false
		}
	case FaultMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<html>injected fault: this is not JSON"))
	case FaultBody, FaultHuge, FaultRedirect:
		writeFaultAnswer(w, f)
	case FaultDrop:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler) // no hijacking (HTTP/2): abort the stream instead
		}
		_ = conn.Close()
	default:
		noStore(w)
		for k, v := range f.Header {
			w.Header().Set(k, v)
		}
		code := f.Code
		if code == "" {
			code = "server_error"
		}
		writeJSON(w, f.Status, oauthError{Code: code, Description: "injected fault"})
	}
	return false
}
