package devserver

import (
	"encoding/json"
	"net/http"
)

// Modes of the demo API, as /demo-config.js and /api/me name them.
const (
	modeJWT      = "jwt"
	modeResolver = "resolver"
)

// demoConfig is what the demo page passes to authgear.configure: the provider's
// endpoint (its Issuer, OpenID Connect Discovery 1.0 §4) and the client ID
// (RFC 6749 §2.2), plus how the demo API checks requests and where the upstream
// connection's API is.
type demoConfig struct {
	Endpoint    string `json:"endpoint"`
	ClientID    string `json:"clientID"`
	Mode        string `json:"mode"`
	UpstreamAPI string `json:"upstreamAPI"`
}

// configJSHandler serves `window.wasmgearDemo = {...};`. The object is JSON, which
// encoding/json escapes for HTML (<, >, &), so it is also a safe script literal.
func configJSHandler(cfg demoConfig) http.Handler {
	b, _ := json.Marshal(cfg) // cannot fail: four strings
	body := append([]byte("window.wasmgearDemo = "), b...)
	body = append(body, ";\n"...)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, "GET, HEAD")
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}
