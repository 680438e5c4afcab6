package sdk

import "context"

// protocolRequest is one of the SDK's own authenticated calls (userinfo, the credential
// vault) as an Outgoing, so it is authorized exactly like the app's requests. Its URL may
// come from discovery, which is asked only once a credential is known to exist.
type protocolRequest struct {
	c      *Container
	method string
	url    string
	// contentType and body are the POST body: a form for the token endpoint's grants,
	// JSON for Authgear's APIs; "" for none.
	contentType, body string
	resolve           func(ctx context.Context) (string, error) // the URL, when it needs discovery
	// sentGen is the session generation when the last attempt was sent: an answer that
	// ends the session applies only if nothing changed since.
	sentGen uint64
}

// URL implements Outgoing; a protocol request is trusted, so the allowlist never asks.
func (p *protocolRequest) URL() string { return p.url }

// Method implements Outgoing.
func (p *protocolRequest) Method() string { return p.method }

// OwnAuthorization implements Outgoing: the SDK never sets its own header.
func (p *protocolRequest) OwnAuthorization() bool { return false }

// OwnCredentials implements Outgoing.
func (p *protocolRequest) OwnCredentials() bool { return false }

// Replayable implements Outgoing: the body is held here, so it can always be sent again.
func (p *protocolRequest) Replayable() bool { return true }

// Send implements Outgoing over the container's Transport. Token-mode calls omit cookies:
// the access token is the credential.
func (p *protocolRequest) Send(ctx context.Context, creds Credentials) (Reply, error) {
	if err := p.resolveURL(ctx); err != nil {
		return nil, err
	}
	req := &Request{Method: p.method, URL: p.url, Header: map[string]string{}, Credentials: credentialsOmit}
	if p.contentType != "" {
		req.Header["content-type"] = p.contentType
		req.Body = p.body
	}
	if creds.IncludeCookies {
		req.Credentials = credentialsInclude
	}
	if creds.Authorization != "" {
		req.Header["authorization"] = creds.Authorization
	}
	if creds.DPoP != "" {
		req.Header["dpop"] = creds.DPoP
	}
	p.c.locked(func() { p.sentGen = p.c.session.gen })
	resp, err := p.c.provider.send(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// resolveURL asks discovery for the URL once, before the first send or proof.
func (p *protocolRequest) resolveURL(ctx context.Context) error {
	if p.url == "" && p.resolve != nil {
		u, err := p.resolve(ctx)
		if err != nil {
			return err
		}
		p.url = u
	}
	return nil
}

// StatusCode implements Reply.
func (r *Response) StatusCode() int { return r.Status }

// HeaderValue implements Reply.
func (r *Response) HeaderValue(name string) string { return r.Header[name] }
