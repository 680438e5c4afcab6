package devserver

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestStart_WithAProviderThatRunsElsewhere(t *testing.T) {
	// Another devserver's devidp stands in for the external provider.
	other, err := Start(context.Background(), Config{Root: writeRoot(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv, err := Start(ctx, Config{Root: writeRoot(t), Provider: other.IdPURL, ClientID: "spa", APIAudience: "https://api.example"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if srv.IdP != nil || srv.IdPURL != other.IdPURL {
		t.Fatalf("IdP %v, IdPURL %q; want no devidp of its own and the given provider", srv.IdP, srv.IdPURL)
	}
	resp, err := http.Get(srv.AppURL + "/demo-config.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"endpoint":"`+other.IdPURL+`"`) || !strings.Contains(string(body), `"clientID":"spa"`) {
		t.Fatalf("demo-config.js = %s", body)
	}
	// The demo API checks the configured audience: the provider's token for the API
	// passes, one for another audience is refused.
	now := time.Now()
	for aud, want := range map[string]int{"https://api.example": http.StatusOK, other.IdPURL: http.StatusUnauthorized} {
		tok, err := other.IdP.SignAccessToken(jwt.MapClaims{"iss": other.IdPURL, "aud": aud, "sub": "u1",
			"iat": now.Unix(), "exp": now.Add(time.Minute).Unix()})
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodGet, srv.AppURL+"/api/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("a token for aud %q: HTTP %d, want %d", aud, resp.StatusCode, want)
		}
	}
}
