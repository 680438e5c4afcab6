package backend_test

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"

	"github.com/wasmgear/wasmgear/backend"
)

// A background job reads a user's upstream access token from the credential vault with
// a service-client access key, signed in or not, and calls the provider's API with it.
// It needs the identity provider to be reachable, so it has no Output line and is only
// compiled.
func ExampleServiceClient_ConnectionCredentials() {
	vault, err := backend.NewServiceClient("https://myapp.authgear.cloud", os.Getenv("VAULT_ACCESS_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	creds, err := vault.ConnectionCredentials(ctx, "upstream", "7b0f3c5e-a11c-4e00-9d2a-000000000a11")
	switch {
	case errors.Is(err, backend.ErrConsentRequired):
		log.Print("ask the user to sign in through the connection again, with offline access")
		return
	case err != nil:
		log.Fatal(err) // ErrAccessKeyRejected, ErrPermissionDenied, ErrCredentialsNotFound, ...
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.provider.com/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+creds.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
}
