package devidp_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/wasmgear/wasmgear/devidp"
)

// The issuer must be the URL the handler is served at, so create the listener first.
func ExampleNew() {
	srv := httptest.NewUnstartedServer(nil)
	idp, err := devidp.New(devidp.Config{
		Issuer:         "http://" + srv.Listener.Addr().String(),
		AllowedOrigins: []string{"http://127.0.0.1:3000"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv.Config.Handler = idp
	srv.Start()
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/.well-known/openid-configuration")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var doc struct {
		TokenEndpoint string `json:"token_endpoint"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.TrimPrefix(doc.TokenEndpoint, srv.URL), idp.Counts()["discovery"])
	// Output: /oauth2/token 1
}
