package e2e

import (
	"testing"
	"time"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/internal/devserver"
)

func TestGetConnectionCredentials_FromTheVault(t *testing.T) {
	t.Parallel()
	srv := startApp(t, devserver.Config{})
	tb := openTab(t, newBrowserContext(t), srv.AppURL+"/")
	loginThroughForm(t, tb, "alice", "wonderland")
	srv.IdP.StoreConnectionCredentials("alice", "google", devidp.Credentials{AccessToken: "google-token", ExpiresAt: time.Now().Add(time.Hour)})

	var got struct {
		AccessToken string `json:"accessToken"`
		ExpiresAt   string `json:"expiresAt"`
	}
	tb.eval(`authgear.getConnectionCredentials("google")`, &got)
	if got.AccessToken != "google-token" || got.ExpiresAt == "" || srv.IdP.Counts()["credentials"] != 1 {
		t.Fatalf("credentials: token %q…, expiresAt %q, vault requests %d", prefix(got.AccessToken), got.ExpiresAt, srv.IdP.Counts()["credentials"])
	}
	if e := tb.evalError(`authgear.getConnectionCredentials("dropbox")`); !e.Rejected || e.Name != "OAuthError" || e.Code != "oauth" || e.Error != "not_found" || e.Status != 404 {
		t.Fatalf("a connection alice lacks: %+v", e)
	}
	if e := tb.evalError(`authgear.getConnectionCredentials(42)`); !e.Rejected || !e.IsAuthgear || e.Code != "invalid_options" {
		t.Fatalf("a number as connectionID: %+v", e)
	}

	// A vault slower than the caller's timeout: NetworkError at the timeout, session kept.
	srv.IdP.InjectFault(devidp.Fault{Endpoint: "credentials", Kind: devidp.FaultDelay, Delay: 5 * time.Second})
	var elapsed float64
	tb.eval(`(async () => { const t0 = performance.now(); try { await authgear.getConnectionCredentials("google", { timeout: 200 }); }
	  catch (e) { window.vaultError = e.name; } return performance.now() - t0; })()`, &elapsed)
	var name, state string
	tb.eval(`window.vaultError`, &name)
	tb.eval(`authgear.sessionState`, &state)
	if name != "NetworkError" || elapsed > 2000 || state != "AUTHENTICATED" {
		t.Fatalf("slow vault: %s after %.0f ms, state %s; want NetworkError near 200 ms, AUTHENTICATED", name, elapsed, state)
	}
}
