//go:build js && wasm

package jsbridge

import (
	"context"

	"github.com/hack-pad/safejs"
	"github.com/wasmgear/wasmgear/sdk"
)

// method is one exported JS method in three steps (STYLE.md habit 4): it parses the
// call's arguments synchronously, inside the JS call, so a JS value is never read after
// the call returned; the returned work calls the core in a goroutine of its own; newPromise
// converts its outcome. A parse error rejects without calling the core.
type method func(args []safejs.Value) (work func(ctx context.Context) (any, error), err error)

// methods is the export table of one container: the names web/src/container.js calls
// and web/types/container.d.ts declares (internal/archtest checks that the three agree).
func methods(c *sdk.Container, transport *FetchTransport) map[string]method {
	return map[string]method{
		"configure": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			Mark("configure")
			opts, fetch, err := parseConfigureOptions(argOrUndefined(args))
			return func(ctx context.Context) (any, error) {
				if err := c.Configure(ctx, opts); err != nil {
					return nil, err
				}
				transport.SetFetch(fetch) // only a configuration that was accepted takes effect
				return nil, nil
			}, err
		},
		"clearSessionState": noArgs(func(ctx context.Context) (any, error) {
			return nil, c.ClearSessionState(ctx)
		}),
		"startAuthentication": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			opts, err := parseAuthenticateOptions(argOrUndefined(args))
			return func(ctx context.Context) (any, error) { return nil, c.StartAuthentication(ctx, opts) }, err
		},
		"makeAuthorizeURL": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			opts, err := parseAuthenticateOptions(argOrUndefined(args))
			return func(ctx context.Context) (any, error) { return c.MakeAuthorizeURL(ctx, opts) }, err
		},
		"finishAuthentication": noArgs(func(ctx context.Context) (any, error) {
			result, err := c.FinishAuthentication(ctx)
			if err != nil {
				return nil, err
			}
			return authenticateResultObject(result), nil
		}),
		"fetchUserInfo": noArgs(func(ctx context.Context) (any, error) {
			info, err := c.FetchUserInfo(ctx)
			if err != nil {
				return nil, err
			}
			return userInfoObject(info), nil
		}),
		"refreshAccessTokenIfNeeded": noArgs(func(ctx context.Context) (any, error) {
			return nil, c.RefreshAccessTokenIfNeeded(ctx)
		}),
		"fetch": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			req, err := newAppRequest(args, transport)
			return func(ctx context.Context) (any, error) {
				ctx, stop := withSignal(ctx, req.signal)
				defer stop()
				reply, err := c.Fetch(ctx, req)
				if err != nil {
					return nil, abortedError(req.signal, err)
				}
				return fetchResult(reply), nil
			}, err
		},
		"replayFetch": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			req, err := newAppRequest(args, transport)
			if err != nil {
				return nil, err
			}
			reply, used, err := parseReplayArgs(args)
			return func(ctx context.Context) (any, error) {
				creds := sdk.Credentials{Authorization: used}
				if !c.ReplayNeeded(req, creds, reply) {
					return reply.value, nil
				}
				ctx, stop := withSignal(ctx, req.signal) // the app's abort ends the refresh's wait
				defer stop()
				replayed, err := c.Replay(ctx, req, creds, reply)
				if err != nil {
					return nil, abortedError(req.signal, err)
				}
				return fetchResult(replayed), nil
			}, err
		},
		"getConnectionCredentials": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			id, timeout, err := parseConnectionArgs(args)
			return func(ctx context.Context) (any, error) {
				cc, err := c.GetConnectionCredentials(ctx, id, timeout)
				if err != nil {
					return nil, err
				}
				return connectionCredentialsObject(cc), nil
			}, err
		},
		"authenticateAnonymously": noArgs(func(ctx context.Context) (any, error) {
			result, err := c.AuthenticateAnonymously(ctx)
			if err != nil {
				return nil, err
			}
			return authenticateResultObject(result), nil
		}),
		"startPromoteAnonymousUser": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			opts, err := parsePromoteOptions(argOrUndefined(args))
			return func(ctx context.Context) (any, error) { return nil, c.StartPromoteAnonymousUser(ctx, opts) }, err
		},
		"finishPromoteAnonymousUser": noArgs(func(ctx context.Context) (any, error) {
			result, err := c.FinishPromoteAnonymousUser(ctx)
			if err != nil {
				return nil, err
			}
			return authenticateResultObject(result), nil
		}),
		"refreshIDToken": noArgs(func(ctx context.Context) (any, error) {
			return nil, c.RefreshIDToken(ctx)
		}),
		"startReauthentication": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			opts, err := parseReauthenticateOptions(argOrUndefined(args))
			return func(ctx context.Context) (any, error) { return nil, c.StartReauthentication(ctx, opts) }, err
		},
		"finishReauthentication": noArgs(func(ctx context.Context) (any, error) {
			result, err := c.FinishReauthentication(ctx)
			if err != nil {
				return nil, err
			}
			return reauthenticateResultObject(result), nil
		}),
		"startSettingsAction": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			action, opts, err := parseSettingsActionArgs(args)
			return func(ctx context.Context) (any, error) { return nil, c.StartSettingsAction(ctx, action, opts) }, err
		},
		"finishSettingsAction": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			action, err := stringArg(args, 0)
			return func(ctx context.Context) (any, error) { return nil, c.FinishSettingsAction(ctx, action) }, err
		},
		"open": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			page, opts, tab, err := parseOpenArgs(args)
			return func(ctx context.Context) (any, error) { return nil, c.Open(ctx, page, opts, tab) }, err
		},
		"logout": func(args []safejs.Value) (func(context.Context) (any, error), error) {
			opts, err := parseLogoutOptions(argOrUndefined(args))
			return func(ctx context.Context) (any, error) { return nil, c.Logout(ctx, opts) }, err
		},
	}
}

// noArgs is the method of a call without arguments.
func noArgs(work func(ctx context.Context) (any, error)) method {
	return func([]safejs.Value) (func(context.Context) (any, error), error) { return work, nil }
}
