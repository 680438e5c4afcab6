package sdk

import (
	"reflect"
	"testing"
)

func TestWithoutResponseParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		u    URL
		want string
	}{
		{"code and state", URL{Href: "https://a.com/cb?code=1&state=2", Search: "?code=1&state=2"}, "https://a.com/cb"},
		{"keeps others and hash", URL{Href: "https://a.com/cb?x=1&code=1&y=%20#h", Search: "?x=1&code=1&y=%20", Hash: "#h"},
			"https://a.com/cb?x=1&y=%20#h"},
		{"error params", URL{Href: "https://a.com/cb?error=access_denied&error_description=no+way&e%72ror_uri=u",
			Search: "?error=access_denied&error_description=no+way&e%72ror_uri=u"}, "https://a.com/cb"},
		{"nothing to remove", URL{Href: "https://a.com/cb"}, "https://a.com/cb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := withoutResponseParams(&tt.u); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeObject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    map[string]any
		wantErr bool
	}{
		{"nested", `{"a":[1,"x",true,null,{"b":"\u00e9\n"}],"c":{}}`,
			map[string]any{"a": []any{1.0, "x", true, nil, map[string]any{"b": "é\n"}}, "c": map[string]any{}}, false},
		{"escaped key", `{"k\"ey":1}`, map[string]any{`k"ey`: 1.0}, false},
		{"html", `<html>injected fault: this is not JSON`, nil, true},
		{"array at top", `[1]`, nil, true},
		{"empty", ``, nil, true},
		{"truncated", `{"a":[1,2`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeObject([]byte(tt.in))
			if (err != nil) != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, %v", got, err)
			}
		})
	}
}

func TestParseUserInfo_RequiresSub(t *testing.T) {
	t.Parallel()
	if _, ok := parseUserInfo(map[string]any{"email": "x"}); ok {
		t.Error("a response without sub was accepted")
	}
	info, ok := parseUserInfo(map[string]any{"sub": "u1", "https://authgear.com/claims/user/roles": []any{"r", 1.0}})
	if !ok || info.Sub != "u1" || !reflect.DeepEqual(info.Roles, []string{"r"}) {
		t.Fatalf("parseUserInfo = %+v, %v", info, ok)
	}
}

func TestConstantTimeEqual(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want bool
	}{{"abc", "abc", true}, {"abc", "abd", false}, {"abc", "ab", false}, {"", "", true}} {
		if got := constantTimeEqual(tt.a, tt.b); got != tt.want {
			t.Errorf("constantTimeEqual(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}
