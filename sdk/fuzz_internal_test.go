package sdk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// Fuzz targets: whatever a provider answers, a page's address bar holds or storage
// returns, the core never panics (a panic would cross into JavaScript and end the Go
// program). Seeds are in testdata/fuzz/<name>; `make fuzz` finds these by name.

// cannedTransport answers every request with one response.
type cannedTransport struct{ resp *Response }

func (c cannedTransport) Do(context.Context, *Request) (*Response, error) { return c.resp, nil }

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func fuzzProvider(status int, body []byte) *provider {
	return &provider{transport: cannedTransport{&Response{Status: status, Header: map[string]string{}, Body: body}},
		clock: fixedClock{time.Unix(1_700_000_000, 0)}, verifier: refuseAll{}, keys: &keyCache{}, urls: NetURLParser{}}
}

// refuseAll is a verifier that finds no signature valid: the fuzzed bodies are not signed.
type refuseAll struct{}

func (refuseAll) Verify(context.Context, string, *JWK, []byte, []byte) (bool, error) {
	return false, nil
}

// FuzzTokenResponse: a token endpoint's answer (RFC 6749 §5.1, §5.2) is a token
// response with an access token and a non-negative lifetime, or one of the typed errors.
func FuzzTokenResponse(f *testing.F) {
	f.Add(200, []byte(`{"access_token":"a","token_type":"Bearer","expires_in":1800,"refresh_token":"r","id_token":"x.y.z"}`))
	f.Add(400, []byte(`{"error":"invalid_grant","error_description":"revoked"}`))
	f.Add(503, []byte(`<html>busy</html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		tok, err := fuzzProvider(status, body).tokenRequest(context.Background(), "https://idp.example/token", nil)
		if err != nil {
			var oe *OAuthError
			var se *ServerError
			if tok != nil || (!errors.As(err, &oe) && !errors.As(err, &se)) {
				t.Fatalf("HTTP %d: %v (%T) with a response %v", status, err, err, tok != nil)
			}
			return
		}
		if tok.accessToken == "" || tok.expiresIn < 0 || status != 200 {
			t.Fatalf("HTTP %d accepted: access token %q, expires_in %v", status, tok.accessToken, tok.expiresIn)
		}
	})
}

// FuzzJWS: any string as an ID token is refused with ErrInvalidIDToken or parsed into
// an accepted alg, claims and a non-empty signature; the claim checks never panic.
func FuzzJWS(f *testing.F) {
	f.Add("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJodHRwczovL2lkcCIsInN1YiI6InUifQ.c2ln")
	f.Add("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1In0.")
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, raw string) {
		now := time.Unix(1_700_000_000, 0)
		if claims, err := idTokenClaims(raw); err == nil {
			_ = checkIDTokenClaims(claims, "https://idp", "client", idTokenWant{authorized: true, nonce: "n"}, now)
			_ = subjectOf(raw)
		}
		tok, err := parseJWS(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidIDToken) {
				t.Fatalf("a refusal that is not ErrInvalidIDToken: %v", err)
			}
			return
		}
		if _, ok := idTokenAlgs(tok.alg); !ok || len(tok.signature) == 0 || !strings.HasPrefix(raw, tok.signingInput+".") {
			t.Fatalf("accepted alg %q, %d signature bytes, signing input %q", tok.alg, len(tok.signature), tok.signingInput)
		}
		p := fuzzProvider(200, []byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"},{"kty":"EC","crv":"P-256","x":"AQ","y":"AQ"}]}`))
		if err := p.verifySignature(context.Background(), "https://idp/jwks", tok); !errors.Is(err, ErrInvalidIDToken) {
			t.Fatalf("an unsigned token passed the signature check: %v", err)
		}
	})
}

// FuzzCallbackURL: whatever the address bar holds, the URL put back has no authorization
// response parameter left (RFC 6749 §4.1.2), and cleaning it again changes nothing.
func FuzzCallbackURL(f *testing.F) {
	f.Add("https://app.example/cb", "?code=c&state=s&keep=1", "#frag")
	f.Add("https://app.example/cb", "?e%72ror=x&error_description=a+b&iss=https%3A%2F%2Fidp", "")
	f.Add("https://app.example/cb", "?%zz=1&&=&code", "#?code=1")
	f.Fuzz(func(t *testing.T, base, search, hash string) {
		if strings.ContainsAny(base, "?#") || strings.Contains(search, "#") || (search != "" && search[0] != '?') ||
			(hash != "" && hash[0] != '#') {
			return // not a URL the WHATWG parser would split this way
		}
		u := &URL{Href: base + search + hash, Search: search, Hash: hash}
		clean := withoutResponseParams(u)
		if !strings.HasPrefix(clean, base) || !strings.HasSuffix(clean, hash) {
			t.Fatalf("%q became %q: the page's own URL was changed", u.Href, clean)
		}
		query := strings.TrimSuffix(strings.TrimPrefix(clean, base), hash)
		for _, pair := range strings.Split(strings.TrimPrefix(query, "?"), "&") {
			name, _, _ := strings.Cut(pair, "=")
			if responseParam(formDecode(name)) {
				t.Fatalf("%q kept %q", u.Href, pair)
			}
		}
		again := withoutResponseParams(&URL{Href: clean, Search: query, Hash: hash})
		if again != clean {
			t.Fatalf("not a fixed point: %q then %q", clean, again)
		}
	})
}

// FuzzStorageValues: whatever localStorage or the ledger holds (written by another SDK,
// another version, a hand), reading it never panics and the ledger's format round-trips.
func FuzzStorageValues(f *testing.F) {
	f.Add("1700000000000:1700000000000:rt-1", "eyJhbGciOiJSUzI1NiJ9.eyJhdXRoX3RpbWUiOjE3MDAwMDAwMDB9.c2ln")
	f.Add("::", "not.a-jwt")
	f.Add("-1:9223372036854775807:x", "a.bnVsbA.c")
	f.Fuzz(func(t *testing.T, ledger, idToken string) {
		if rec, ok := decodeLedgerRecord(ledger); ok {
			back, ok := decodeLedgerRecord(rec.encode())
			if !ok || back.seq != rec.seq || back.refreshToken != rec.refreshToken || back.at.UnixMilli() != rec.at.UnixMilli() {
				t.Fatalf("%q does not round-trip: %+v then %+v", ledger, rec, back)
			}
		}
		s := newSession("default", NewMemoryStorage(), fixedClock{time.Unix(1_700_000_000, 0)}, nil)
		_ = s.storage.Set(s.key(keyIDToken), idToken)
		s.restoreIDTokenLocked()
		if snap := s.Snapshot(); snap.IDToken != idToken {
			t.Fatalf("the stored ID token was not held as it is")
		}
	})
}

// FuzzDiscovery: any discovery document gives metadata with an issuer, or an error
// wrapping ErrDiscovery (unreadable) or ErrInvalidDiscovery (refused); never a panic.
func FuzzDiscovery(f *testing.F) {
	f.Add(200, []byte(`{"issuer":"https://idp.example","authorization_endpoint":"https://idp.example/authorize","token_endpoint":"https://idp.example/token","jwks_uri":"https://idp.example/jwks","scopes_supported":["openid"]}`))
	f.Add(200, []byte(`{"issuer":5,"scopes_supported":"openid","authorization_response_iss_parameter_supported":"yes"}`))
	f.Add(404, []byte(`<html>`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		cfg := &config{Options: Options{ClientID: "c", Endpoint: "https://idp.example"}}
		meta, err := fuzzProvider(status, body).discover(context.Background(), cfg)
		if err != nil {
			if meta != nil || !(errors.Is(err, ErrDiscovery) || errors.Is(err, ErrInvalidDiscovery)) {
				t.Fatalf("HTTP %d: %v with metadata %v", status, err, meta != nil)
			}
			return
		}
		if meta.issuer == "" {
			t.Fatal("metadata without an issuer")
		}
	})
}
