package sdk_test

import (
	"context"
	"testing"

	"github.com/wasmgear/wasmgear/devidp"
	"github.com/wasmgear/wasmgear/sdk"
)

func TestDPoP_LogoutAndClearRemoveTheKey(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.login()
	first, _ := d.keys.stored()
	if err := d.c.Logout(context.Background(), sdk.LogoutOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.keys.stored(); ok {
		t.Fatal("the key outlived logout")
	}
	d.login()
	second, ok := d.keys.stored()
	if !ok || keyThumbprint(second) == keyThumbprint(first) {
		t.Fatal("the login after logout did not make a new key")
	}
	if err := d.c.ClearSessionState(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := d.keys.stored(); ok || d.stored("tokenType") != "" {
		t.Fatalf("after clearSessionState: key kept %v, tokenType %q", ok, d.stored("tokenType"))
	}
}

func TestDPoP_TransientSessionKeepsItsKeyInMemory(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{TokenStorage: sdk.TokenStorageTransient}, true)
	d.login()
	d.expire()
	if err := d.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	proofs := d.front.tokenProofs()
	if _, saved := d.keys.stored(); saved || len(proofs) != 2 || proofs[0].jkt != proofs[1].jkt {
		t.Fatalf("transient: key saved %v, %d proofs", saved, len(proofs))
	}
}

// An app moving from @authgear/web (or from dpop: false) has an unbound refresh token and
// no key: it keeps working, unbound, until the next login binds one.
func TestDPoP_UnboundSessionKeepsWorking(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, false)
	d.login()
	d.idp.SetDPoP(devidp.DPoPSettings{Enabled: true})
	tab := d.container(d.storage) // the next page load, now with DPoP on offer
	if err := tab.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: d.issuer}); err != nil {
		t.Fatal(err)
	}
	if tab.Snapshot().State != sdk.SessionStateAuthenticated {
		t.Fatalf("state %s, want the stored session", tab.Snapshot().State)
	}
	if err := tab.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(d.front.tokenProofs()); n != 0 || tab.Snapshot().TokenType != "Bearer" || tab.Snapshot().AccessToken == "" {
		t.Fatalf("unbound refresh: %d proofs, token type %q", n, tab.Snapshot().TokenType)
	}
}

// Every tab of the origin uses the key in the shared store, the newest one: a tab that
// cached a key before another tab signed in again must not sign with the old one.
func TestDPoP_TabsShareTheStoredKey(t *testing.T) {
	t.Parallel()
	d := newDPoPEnv(t, sdk.Options{}, true)
	d.login()
	other := d.container(d.storage)
	if err := other.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: d.issuer}); err != nil {
		t.Fatal(err)
	}
	if err := other.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	key, _ := d.keys.stored()
	proofs := d.front.tokenProofs()
	if last := proofs[len(proofs)-1]; last.jkt != keyThumbprint(key) || other.Snapshot().TokenType != "DPoP" {
		t.Fatalf("the other tab's refresh: jkt %s, want the stored key's %s", last.jkt, keyThumbprint(key))
	}
	if err := d.c.Logout(context.Background(), sdk.LogoutOptions{}); err != nil {
		t.Fatal(err)
	}
	d.login()
	key, _ = d.keys.stored()
	d.clock.Advance(other.Snapshot().ExpireAt.Sub(d.clock.Now()))
	if err := other.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	proofs = d.front.tokenProofs()
	if last := proofs[len(proofs)-1]; last.jkt != keyThumbprint(key) {
		t.Fatalf("after a new login elsewhere the tab signed with %s, want the new key %s", last.jkt, keyThumbprint(key))
	}
}
