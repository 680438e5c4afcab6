//go:build js && wasm

package jsbridge

import "github.com/wasmgear/wasmgear/sdk"

// The JS objects the methods resolve with. Their keys are the .d.ts's (AuthenticateResult,
// ConnectionCredentials, the container's properties); internal/archtest compares them.

// authenticateResultObject is finishAuthentication's { userInfo, state }; state is
// undefined when the app gave none, as in @authgear/web.
func authenticateResultObject(r *sdk.AuthenticateResult) map[string]any {
	out := map[string]any{}
	if r.State != "" {
		out["state"] = r.State
	}
	if r.UserInfo != nil {
		out["userInfo"] = userInfoObject(r.UserInfo)
	}
	return out
}

// connectionCredentialsObject is getConnectionCredentials' { accessToken, expiresAt? }.
func connectionCredentialsObject(cc *sdk.ConnectionCredentials) map[string]any {
	out := map[string]any{"accessToken": cc.AccessToken}
	if cc.ExpiresAt != "" {
		out["expiresAt"] = cc.ExpiresAt
	}
	return out
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
	if s.IDToken != "" {
		obj["idToken"] = s.IDToken
	}
	if !s.AuthTime.IsZero() {
		obj["authTime"] = float64(s.AuthTime.UnixMilli())
	}
	obj["canReauthenticate"] = s.CanReauthenticate
	return obj
}
