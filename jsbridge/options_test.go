//go:build js && wasm

package jsbridge

import (
	"strings"
	"testing"

	"github.com/wasmgear/wasmgear/sdk"
)

func TestParseConfigureOptions(t *testing.T) {
	tests := []struct {
		name    string
		js      string
		wantErr string // substring of the message; "" = valid
	}{
		{name: "valid", js: `({clientID: "c", endpoint: "https://e", sessionType: "cookie", isSSOEnabled: true, apiOrigins: ["https://a"], scopes: ["profile"]})`},
		{name: "not an object", js: `"c"`, wantErr: "options object"},
		{name: "clientID number", js: `({clientID: 5, endpoint: "https://e"})`, wantErr: "clientID must be a string"},
		{name: "endpoint object", js: `({clientID: "c", endpoint: {}})`, wantErr: "endpoint must be a string"},
		{name: "sessionType bool", js: `({clientID: "c", endpoint: "https://e", sessionType: true})`, wantErr: "sessionType must be"},
		{name: "isSSOEnabled string", js: `({clientID: "c", endpoint: "https://e", isSSOEnabled: "yes"})`, wantErr: "isSSOEnabled must be a boolean"},
		{name: "apiOrigins string", js: `({clientID: "c", endpoint: "https://e", apiOrigins: "https://a"})`, wantErr: "apiOrigins must be an array"},
		{name: "apiOrigins number item", js: `({clientID: "c", endpoint: "https://e", apiOrigins: [1]})`, wantErr: "apiOrigins must be an array"},
		{name: "scopes string", js: `({clientID: "c", endpoint: "https://e", scopes: "openid profile"})`, wantErr: "scopes must be an array"},
		{name: "throwing getter", js: `({get clientID() { throw new Error("getter boom") }, endpoint: "https://e"})`, wantErr: "getter boom"},
		{name: "dpop string", js: `({clientID: "c", endpoint: "https://e", dpop: "no"})`, wantErr: "dpop must be a boolean"},
		{name: "fetch not a function", js: `({clientID: "c", endpoint: "https://e", fetch: "https://proxy"})`, wantErr: "fetch must be a function"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, _, err := parseConfigureOptions(evalJS(t, tt.js))
			if tt.wantErr == "" {
				if err != nil || o.ClientID != "c" || o.SessionType != sdk.SessionTypeCookie || !o.IsSSOEnabled || len(o.APIOrigins) != 1 || len(o.Scopes) != 1 {
					t.Fatalf("got %+v, %v", o, err)
				}
				return
			}
			if err == nil || errorCode(err) != "invalid_options" || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want code invalid_options, naming the field for the developer (%q)", err, tt.wantErr)
			}
		})
	}
}
