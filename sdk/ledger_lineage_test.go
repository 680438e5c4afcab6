package sdk_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// otherSession signs alice in once more in a container of its own (its own storage, no
// ledger): a session of another lineage, as another SDK or another user would hold.
func (e *env) otherSession() string {
	e.t.Helper()
	own := e.c
	defer func() { e.c = own }()
	b := e.browser()
	storage := sdk.NewMemoryStorage()
	b.Storage, b.Navigator = storage, e.nav
	e.c = newContainer(e.t, "", b, sdk.WithClock(e.clock))
	if err := e.c.Configure(context.Background(), sdk.Options{ClientID: clientID, Endpoint: e.issuer}); err != nil {
		e.t.Fatal(err)
	}
	e.login()
	rt, _, _ := storage.Get(keyPrefix + "refreshToken")
	return rt
}

// spentRefreshTokens lists the refresh tokens the refresh grants sent, in order.
func (e *env) spentRefreshTokens() []string {
	var out []string
	for _, r := range e.tr.requests("/oauth2/token") {
		q, _ := url.ParseQuery(r.Body)
		if q.Get("grant_type") == "refresh_token" {
			out = append(out, q.Get("refresh_token"))
		}
	}
	return out
}

func TestLedger_ARecordOfAnotherLineageLosesToLocalStorage(t *testing.T) {
	t.Parallel()
	ledger := newMemLedger()
	e := newEnv(t, sdk.Options{}, sdk.WithLedger(ledger), sdk.WithLocker(&mutexLocker{}))
	e.login() // the ledger now holds this session's refresh token
	mine := e.stored("refreshToken")
	theirs := e.otherSession()
	// Another SDK (or this app for another user) wrote the shared key.
	_ = e.storage.Set(keyPrefix+"refreshToken", theirs)
	e.expire()
	if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	spent := e.spentRefreshTokens()
	if len(spent) != 1 || spent[0] != theirs {
		t.Fatalf("spent the ledger's token of another lineage (%v), want localStorage's", len(spent) == 1 && spent[0] == mine)
	}
	// The ledger follows the lineage that won, so the next tab agrees.
	if v, _, _ := ledger.MemoryStorage.Get(keyPrefix + "refreshLedger"); !strings.HasSuffix(strings.SplitN(v, "\n", 2)[0], ":"+theirs) {
		t.Fatal("the ledger still holds the other lineage's token")
	}
}

func TestLedger_ARecordThatContinuesTheStoredTokenWinsEvenTwoRotationsLater(t *testing.T) {
	t.Parallel()
	ledger := newMemLedger()
	e := newEnv(t, sdk.Options{}, sdk.WithLedger(ledger))
	e.idp.SetRotateRefreshTokens(true)
	e.login()
	first := e.stored("refreshToken")
	for range 2 {
		e.expire()
		if err := e.c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	latest := e.stored("refreshToken")
	// A tab whose localStorage still shows the token of two rotations ago.
	c := e.laggingTab(ledger, first)
	if err := c.RefreshAccessTokenIfNeeded(context.Background()); err != nil {
		t.Fatal(err)
	}
	if spent := e.spentRefreshTokens(); spent[len(spent)-1] != latest || e.count("reuse_detected") != 0 {
		t.Fatalf("the lagging tab did not spend the ledger's latest token (reuse detected %d)", e.count("reuse_detected"))
	}
}
