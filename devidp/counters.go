package devidp

import "sync"

// counterKeys are the counters Counts always reports, zero or not.
var counterKeys = []string{
	"discovery", "jwks", "authorize", "login", "token:authorization_code",
	"token:refresh_token", "userinfo", "revoke", "end_session", "resolve", "reuse_detected",
	"federate", "callback", "credentials", "service_credentials", "upstream_refresh",
	"dpop_proof", "dpop_rejected",
}

// counters counts requests per endpoint and grant, so tests can assert how often the SDK
// called the provider (for example, exactly one refresh across tabs).
type counters struct {
	mu sync.Mutex // guards m
	m  map[string]int
}

func (c *counters) inc(key string) {
	if key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key]++
}

// Counts returns a snapshot of the request counters, keyed "discovery", "jwks",
// "authorize", "login", "token:authorization_code", "token:refresh_token", "userinfo",
// "revoke", "end_session", "resolve", "reuse_detected", and for connections "federate"
// (sent to an upstream), "callback" (back from one), "credentials" (browser vault
// requests), "service_credentials" (service vault requests) and "upstream_refresh"
// (refreshes the vault sent upstream), and for DPoP "dpop_proof" (token requests with a
// valid proof) and "dpop_rejected" (proofs refused anywhere). A request is counted when it arrives, even if an
// injected fault then answers it.
func (s *Server) Counts() map[string]int {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	out := make(map[string]int, len(counterKeys))
	for _, k := range counterKeys {
		out[k] = 0
	}
	for k, v := range s.counts.m {
		out[k] = v
	}
	return out
}

// ResetCounts sets every counter to zero, so a test can count only the requests of one step.
func (s *Server) ResetCounts() {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	s.counts.m = map[string]int{}
}
