package sdk_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

// Error answers other providers give where devidp gives RFC 6749 §5.2 JSON: HTML pages,
// no error_description, 403 where devidp says 401, the error only in WWW-Authenticate.

// replaceResponse is a Transport that answers requests matched by replace itself.
type replaceResponse struct {
	inner   sdk.Transport
	replace func(req *sdk.Request) *sdk.Response // nil: pass the request on
}

func (r *replaceResponse) Do(ctx context.Context, req *sdk.Request) (*sdk.Response, error) {
	if resp := r.replace(req); resp != nil {
		return resp, nil
	}
	return r.inner.Do(ctx, req)
}

// answer is a canned response.
func answer(status int, contentType, body string, header ...string) *sdk.Response {
	h := map[string]string{"content-type": contentType}
	for i := 0; i+1 < len(header); i += 2 {
		h[header[i]] = header[i+1]
	}
	return &sdk.Response{Status: status, Header: h, Body: []byte(body)}
}

const htmlPage = "<!DOCTYPE html><html><body><h1>oops! something went wrong</h1></body></html>"

func TestRefresh_ErrorBodiesOfOtherProviders(t *testing.T) {
	tests := []struct {
		name      string
		resp      *sdk.Response
		wantKind  sdk.Kind // "" means the call resolves
		wantCode  string
		wantState sdk.SessionState
	}{
		{"HTML 400 page", answer(400, "text/html", htmlPage), sdk.KindServer, "", sdk.SessionStateAuthenticated},
		{"HTML 502 page", answer(502, "text/html", htmlPage), sdk.KindServer, "", sdk.SessionStateAuthenticated},
		{"invalid_grant without error_description", answer(400, "application/json", `{"error":"invalid_grant"}`), "", "", sdk.SessionStateNoSession},
		{"403 access_denied", answer(403, "application/json", `{"error":"access_denied"}`), sdk.KindOAuth, "access_denied", sdk.SessionStateAuthenticated},
		{"401 text body with a Basic challenge", answer(401, "text/plain", "Unauthorized",
			"www-authenticate", `Basic realm="token"`), sdk.KindServer, "", sdk.SessionStateAuthenticated},
		{"empty 400", answer(400, "application/json", ``), sdk.KindServer, "", sdk.SessionStateAuthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &replaceResponse{replace: func(*sdk.Request) *sdk.Response { return nil }}
			e := newWrappedEnv(t, sdk.Options{}, func(inner sdk.Transport) sdk.Transport { r.inner = inner; return r })
			e.login()
			e.expire()
			r.replace = func(req *sdk.Request) *sdk.Response {
				if strings.HasSuffix(req.URL, "/oauth2/token") && strings.Contains(req.Body, "grant_type=refresh_token") {
					return tt.resp
				}
				return nil
			}
			err := e.c.RefreshAccessTokenIfNeeded(context.Background())
			checkTyped(t, err, tt.wantKind, tt.wantCode)
			if got := e.c.Snapshot().State; got != tt.wantState {
				t.Fatalf("state %s, want %s", got, tt.wantState)
			}
			if kept := e.stored("refreshToken") != ""; kept != (tt.wantState == sdk.SessionStateAuthenticated) {
				t.Fatalf("refresh token kept = %v in state %s", kept, tt.wantState)
			}
		})
	}
}

func TestFetchUserInfo_ErrorBodiesOfOtherProviders(t *testing.T) {
	tests := []struct {
		name      string
		resp      *sdk.Response
		wantKind  sdk.Kind
		wantCode  string
		wantState sdk.SessionState
	}{
		// RFC 6750 §3.1: insufficient_scope is 403 and says nothing against the session.
		{"403 insufficient_scope in the header, HTML body", answer(403, "text/html", htmlPage,
			"www-authenticate", `Bearer realm="op", error="insufficient_scope", error_description="access token missing openid scope"`),
			sdk.KindOAuth, "insufficient_scope", sdk.SessionStateAuthenticated},
		{"401 invalid_token only in the header", answer(401, "text/html", htmlPage,
			"www-authenticate", `Bearer error=invalid_token, error_description="token expired"`),
			sdk.KindOAuth, "invalid_token", sdk.SessionStateNoSession},
		{"500 HTML page", answer(500, "text/html", htmlPage), sdk.KindServer, "", sdk.SessionStateAuthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &replaceResponse{replace: func(*sdk.Request) *sdk.Response { return nil }}
			e := newWrappedEnv(t, sdk.Options{}, func(inner sdk.Transport) sdk.Transport { r.inner = inner; return r })
			e.login()
			r.replace = func(req *sdk.Request) *sdk.Response {
				if strings.HasSuffix(req.URL, "/oauth2/userinfo") {
					return tt.resp
				}
				return nil
			}
			_, err := e.c.FetchUserInfo(context.Background())
			checkTyped(t, err, tt.wantKind, tt.wantCode)
			if got := e.c.Snapshot().State; got != tt.wantState {
				t.Fatalf("state %s, want %s", got, tt.wantState)
			}
		})
	}
}

// checkTyped checks the JavaScript error class an error becomes and its OAuth code.
func checkTyped(t *testing.T, err error, kind sdk.Kind, code string) {
	t.Helper()
	if kind == "" {
		if err != nil {
			t.Fatalf("err = %v, want the call to resolve", err)
		}
		return
	}
	if err == nil || sdk.KindOf(err) != kind {
		t.Fatalf("err = %v (kind %v), want %s", err, kindOf(err), kind)
	}
	var oauthErr *sdk.OAuthError
	if code != "" && (!errors.As(err, &oauthErr) || oauthErr.Code != code) {
		t.Fatalf("err = %v, want OAuth error %q", err, code)
	}
	if strings.Contains(err.Error(), "<html") || strings.Contains(err.Error(), "<!DOCTYPE") {
		t.Fatalf("the message carries the HTML page: %q", err.Error())
	}
}

func kindOf(err error) sdk.Kind {
	if err == nil {
		return ""
	}
	return sdk.KindOf(err)
}
