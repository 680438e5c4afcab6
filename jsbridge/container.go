//go:build js && wasm

package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// method is one exported JS method: it receives the call's arguments and returns what the
// Promise resolves to. Arguments are parsed before the goroutine starts, so a JS value is
// never read after the call returned.
type method func(args []safejs.Value) func() (any, error)

// containerObject builds the JS object the glue wraps for one sdk.Container. Its funcs
// live as long as the page: a container is never destroyed.
func containerObject(c *sdk.Container, transport *FetchTransport) (safejs.Value, error) {
	bg := context.Background()
	methods := map[string]method{
		"configure": func(args []safejs.Value) func() (any, error) {
			arg := argOrUndefined(args)
			opts, err := parseConfigureOptions(arg)
			if err == nil {
				if fetch, ferr := getProp(arg, "fetch"); ferr == nil {
					transport.SetFetch(fetch)
				}
			}
			return func() (any, error) {
				if err != nil {
					return nil, err
				}
				return nil, c.Configure(bg, opts)
			}
		},
		"clearSessionState": func([]safejs.Value) func() (any, error) {
			return func() (any, error) { return nil, c.ClearSessionState(bg) }
		},
		"startAuthentication": func(args []safejs.Value) func() (any, error) {
			opts, err := parseAuthenticateOptions(argOrUndefined(args))
			return func() (any, error) {
				if err != nil {
					return nil, err
				}
				return nil, c.StartAuthentication(bg, opts)
			}
		},
		"makeAuthorizeURL": func(args []safejs.Value) func() (any, error) {
			opts, err := parseAuthenticateOptions(argOrUndefined(args))
			return func() (any, error) {
				if err != nil {
					return nil, err
				}
				return c.MakeAuthorizeURL(bg, opts)
			}
		},
		"finishAuthentication": func([]safejs.Value) func() (any, error) {
			return func() (any, error) {
				result, err := c.FinishAuthentication(bg)
				if err != nil {
					return nil, err
				}
				out := map[string]any{"state": nil}
				if result.State != "" {
					out["state"] = result.State
				}
				if result.UserInfo != nil {
					out["userInfo"] = result.UserInfo.Map()
				}
				return out, nil
			}
		},
		"fetchUserInfo": func([]safejs.Value) func() (any, error) {
			return func() (any, error) {
				info, err := c.FetchUserInfo(bg)
				if err != nil {
					return nil, err
				}
				return info.Map(), nil
			}
		},
		"refreshAccessTokenIfNeeded": func([]safejs.Value) func() (any, error) {
			return func() (any, error) { return nil, c.RefreshAccessTokenIfNeeded(bg) }
		},
		"authorizeRequest": func(args []safejs.Value) func() (any, error) {
			url, _ := argOrUndefined(args).String()
			page := ""
			if len(args) > 1 {
				page, _ = args[1].String()
			}
			return func() (any, error) {
				auth, err := c.AuthorizeRequest(bg, url, page)
				if err != nil {
					return nil, err
				}
				return map[string]any{"header": auth.Header, "includeCookies": auth.IncludeCookies}, nil
			}
		},
		"retryAuthorization": func(args []safejs.Value) func() (any, error) {
			used, _ := argOrUndefined(args).String()
			challenge := ""
			if len(args) > 1 {
				challenge, _ = args[1].String()
			}
			return func() (any, error) { return c.RetryAuthorization(bg, used, challenge) }
		},
		"getConnectionCredentials": func(args []safejs.Value) func() (any, error) {
			id, timeout, err := parseConnectionArgs(args)
			return func() (any, error) {
				if err != nil {
					return nil, err
				}
				cc, err := c.GetConnectionCredentials(bg, id, timeout)
				if err != nil {
					return nil, err
				}
				return cc.Map(), nil
			}
		},
		"logout": func(args []safejs.Value) func() (any, error) {
			opts, err := parseLogoutOptions(argOrUndefined(args))
			return func() (any, error) {
				if err != nil {
					return nil, err
				}
				return nil, c.Logout(bg, opts)
			}
		},
	}
	obj, err := safejs.ValueOf(map[string]any{})
	if err != nil {
		return safejs.Undefined(), err
	}
	for name, m := range methods {
		if err := exportMethod(obj, name, m); err != nil {
			return safejs.Undefined(), err
		}
	}
	snapshot, err := syncFunc(func([]safejs.Value) any { return snapshotObject(c.Snapshot()) })
	if err != nil {
		return safejs.Undefined(), err
	}
	return obj, obj.Set("snapshot", snapshot)
}

// exportMethod installs a Promise-returning method whose argument parsing is also
// guarded: a panic there rejects like any other.
func exportMethod(obj safejs.Value, name string, m method) error {
	fn, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = newPromise(func() (any, error) { return nil, panicError(r) })
			}
		}()
		return newPromise(m(args))
	})
	if err != nil {
		return err
	}
	return obj.Set(name, fn)
}

// syncFunc wraps a non-blocking getter; a panic yields undefined instead of crossing
// into JavaScript.
func syncFunc(get func(args []safejs.Value) any) (safejs.Func, error) {
	return safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = nil
			}
		}()
		v, err := toJS(get(args))
		if err != nil {
			return nil
		}
		return v
	})
}

// snapshotObject is the plain object behind the container's JS properties.
func snapshotObject(s sdk.Snapshot) map[string]any {
	obj := map[string]any{
		"sessionState": string(s.State),
		"isSSOEnabled": s.IsSSOEnabled,
	}
	if s.AccessToken != "" {
		obj["accessToken"] = s.AccessToken
	}
	if !s.ExpireAt.IsZero() {
		obj["expireAt"] = float64(s.ExpireAt.UnixMilli())
	}
	if s.ClientID != "" {
		obj["clientID"] = s.ClientID
	}
	if s.SessionType != "" {
		obj["sessionType"] = string(s.SessionType)
	}
	return obj
}
