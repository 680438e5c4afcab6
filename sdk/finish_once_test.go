package sdk_test

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// React StrictMode calls finishAuthentication twice for one callback, the second while the
// first is in flight; a remount calls it again after the address bar was cleaned. Every
// call gets the first call's result, and the code is redeemed once.
func TestFinishAuthentication_SameCallbackAnswersAlike(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sdk.Options{})
	e.startLogin(opts())
	results := make([]*sdk.AuthenticateResult, 3)
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = e.c.FinishAuthentication(context.Background())
		}()
	}
	wg.Wait()
	results[2], errs[2] = e.c.FinishAuthentication(context.Background()) // after cleanup
	for i := range results {
		if errs[i] != nil || results[i] == nil || results[i].UserInfo == nil || results[i].UserInfo.Sub != results[0].UserInfo.Sub || results[i].State != "app-state" {
			t.Fatalf("call %d: %+v, %v", i, results[i], errs[i])
		}
	}
	if n := e.count("token:authorization_code"); n != 1 {
		t.Errorf("code redeemed %d times, want 1", n)
	}
	if s := e.c.Snapshot(); s.State != sdk.SessionStateAuthenticated {
		t.Errorf("state %s, want AUTHENTICATED", s.State)
	}
	// After the session ends, the old callback no longer answers with a sign-in.
	if err := e.c.ClearSessionState(context.Background()); err != nil {
		t.Fatal(err)
	}
	if res, err := e.c.FinishAuthentication(context.Background()); err == nil {
		t.Errorf("after clearSessionState the old callback resolved again: %+v", res)
	}
}

// The same holds for a settings action's finish: StrictMode's two calls and a remount's
// third all succeed, the settings-action code is redeemed once, and after
// delete_account (whose finish ends the session) the repeat still answers as the first
// call did instead of failing with no_authentication.
func TestFinishSettingsAction_SameCallbackAnswersAlike(t *testing.T) {
	t.Parallel()
	for _, action := range []string{sdk.SettingsActionChangePassword, sdk.SettingsActionDeleteAccount} {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, sdk.Options{})
			e.login()
			if err := e.c.StartSettingsAction(context.Background(), action, sdk.SettingsActionOptions{RedirectURI: redirectURI}); err != nil {
				t.Fatal(err)
			}
			e.settingsPage(e.nav.lastAssigned(), url.Values{"password": {"wonderland"}, "new_password": {"looking-glass"}})
			errs := make([]error, 3)
			var wg sync.WaitGroup
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = e.c.FinishSettingsAction(context.Background(), action)
				}()
			}
			wg.Wait()
			errs[2] = e.c.FinishSettingsAction(context.Background(), action)
			for i, err := range errs {
				if err != nil {
					t.Errorf("call %d: %v", i, err)
				}
			}
			if n := e.count("token:urn:authgear:params:oauth:grant-type:settings-action"); n != 1 {
				t.Errorf("settings-action code redeemed %d times, want 1", n)
			}
			// Another action's finish on this address is not answered from the memo.
			other := sdk.SettingsActionAddEmail
			if err := e.c.FinishSettingsAction(context.Background(), other); !errors.Is(err, sdk.ErrNoAuthentication) {
				t.Errorf("finish%s on %s's callback: %v, want no_authentication", other, action, err)
			}
		})
	}
}
