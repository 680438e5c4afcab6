package devidp

import (
	"encoding/json"
	"net"
	"net/http"
	"time"
)

// isLoopback reports whether a RemoteAddr is a loopback address; the admin API answers
// only those.
func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// decodeAdmin reads a small strict JSON body into v, answering 400 on failure.
func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_request", Description: "bad JSON body: " + err.Error()})
		return false
	}
	return true
}

type adminConfig struct {
	AccessTokenLifetimeSeconds *int64 `json:"access_token_lifetime_seconds,omitempty"`
	RotateRefreshTokens        *bool  `json:"rotate_refresh_tokens,omitempty"`
	DPoP                       *bool  `json:"dpop,omitempty"`
	DPoPRequired               *bool  `json:"dpop_required,omitempty"`
	DPoPNonceRequired          *bool  `json:"dpop_nonce_required,omitempty"`
}

// handleAdminConfig changes (POST) or reads (GET) the run-time settings.
func (s *Server) handleAdminConfig(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		var c adminConfig
		if !decodeAdmin(w, r, &c) {
			return
		}
		if c.AccessTokenLifetimeSeconds != nil {
			if *c.AccessTokenLifetimeSeconds <= 0 {
				writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_request", Description: "access_token_lifetime_seconds must be positive"})
				return
			}
			s.SetAccessTokenLifetime(time.Duration(*c.AccessTokenLifetimeSeconds) * time.Second)
		}
		if c.RotateRefreshTokens != nil {
			s.SetRotateRefreshTokens(*c.RotateRefreshTokens)
		}
		d := s.DPoP()
		setIf(&d.Enabled, c.DPoP)
		setIf(&d.Required, c.DPoPRequired)
		setIf(&d.NonceRequired, c.DPoPNonceRequired)
		s.SetDPoP(d)
	}
	lifetime, rotate := s.settings()
	secs := int64(lifetime / time.Second)
	d := s.DPoP()
	writeJSON(w, http.StatusOK, adminConfig{AccessTokenLifetimeSeconds: &secs, RotateRefreshTokens: &rotate,
		DPoP: &d.Enabled, DPoPRequired: &d.Required, DPoPNonceRequired: &d.NonceRequired})
}

func setIf(dst *bool, v *bool) {
	if v != nil {
		*dst = *v
	}
}

// handleAdminRotateDPoPNonce replaces the DPoP nonce and answers {"nonce": new}.
func (s *Server) handleAdminRotateDPoPNonce(w http.ResponseWriter, _ *http.Request) {
	noStore(w)
	writeJSON(w, http.StatusOK, map[string]string{"nonce": s.RotateDPoPNonce()})
}

// handleAdminRevoke revokes every session of {"user": username}.
func (s *Server) handleAdminRevoke(w http.ResponseWriter, r *http.Request) {
	var body struct {
		User string `json:"user"`
	}
	if !decodeAdmin(w, r, &body) {
		return
	}
	if s.userByName(body.User) == nil {
		writeJSON(w, http.StatusNotFound, oauthError{Code: "invalid_request", Description: "unknown user"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"revoked": s.RevokeUserSessions(body.User)})
}

func (s *Server) handleAdminCounts(w http.ResponseWriter, _ *http.Request) {
	noStore(w)
	writeJSON(w, http.StatusOK, s.Counts())
}

func (s *Server) handleAdminCountsReset(w http.ResponseWriter, _ *http.Request) {
	s.ResetCounts()
	w.WriteHeader(http.StatusNoContent)
}

// adminFault is the JSON form of Fault.
type adminFault struct {
	Endpoint string `json:"endpoint"`
	Grant    string `json:"grant"`
	Kind     string `json:"kind"`
	Status   int    `json:"status"`
	DelayMS  int64  `json:"delay_ms"`
	Times    int    `json:"times"`
}

// handleAdminFault queues a fault given in JSON.
func (s *Server) handleAdminFault(w http.ResponseWriter, r *http.Request) {
	var f adminFault
	if !decodeAdmin(w, r, &f) {
		return
	}
	kind, ok := parseFaultKind(f.Kind)
	if !ok || !faultEndpoints[f.Endpoint] || f.DelayMS < 0 || (f.Status != 0 && (f.Status < 100 || f.Status > 599)) {
		writeJSON(w, http.StatusBadRequest, oauthError{Code: "invalid_request", Description: "bad fault: endpoint, kind, status or delay_ms"})
		return
	}
	s.InjectFault(Fault{Endpoint: f.Endpoint, Grant: f.Grant, Kind: kind, Status: f.Status,
		Delay: time.Duration(f.DelayMS) * time.Millisecond, Times: f.Times})
	w.WriteHeader(http.StatusNoContent)
}
