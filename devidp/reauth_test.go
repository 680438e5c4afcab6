package devidp

import (
	"net/http"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

func TestReauthenticate_HintVerifiedMaxAgeForcesFormAuthTimeUpdated(t *testing.T) {
	h := newHarness(t)
	tok := h.signIn("alice", "wonderland")
	idToken, _ := tok["id_token"].(string)
	first := h.verify(idToken, jwt.WithAudience("demo"))
	if first["sid"] == nil || first[claimCanReauthenticate] != true {
		t.Fatalf("ID token claims %v lack sid or can_reauthenticate", first)
	}

	// max_age=0 shows the form even with the IdP session cookie of the first login.
	verifier, challenge := pkcePair()
	q := authorizeParams(challenge, map[string]string{"scope": "openid", "id_token_hint": idToken, "max_age": "0", "nonce": "n-2"})
	if resp := h.submit(h.openForm(q), "bob", "builder"); resp.StatusCode != http.StatusOK {
		t.Fatalf("another user reauthenticated: %d", resp.StatusCode)
	}
	loc := h.login(q, "alice", "wonderland")
	resp, body := h.exchange(loc.Query().Get("code"), verifier)
	if resp.StatusCode != http.StatusOK || body["refresh_token"] != nil {
		t.Fatalf("reauthentication exchange: %d %v (want no refresh token without offline_access)", resp.StatusCode, body)
	}
	second := h.verify(body["id_token"].(string), jwt.WithAudience("demo"))
	if second["sid"] != first["sid"] || second["nonce"] != "n-2" {
		t.Fatalf("reauthenticated ID token sid %v nonce %v, want sid %v nonce n-2", second["sid"], second["nonce"], first["sid"])
	}

	// A forged hint is refused.
	_, challenge = pkcePair()
	forged := authorizeParams(challenge, map[string]string{"id_token_hint": idToken[:len(idToken)-4] + "AAAA"})
	if got := location(t, h.get("/oauth2/authorize", forged)).Query().Get("error"); got != "invalid_request" {
		t.Fatalf("forged id_token_hint: error %q, want invalid_request", got)
	}
}
