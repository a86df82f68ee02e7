package cpod

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// tokenSource is where a call gets its bearer token.
type tokenSource interface {
	// token returns a usable access token.
	token(ctx context.Context) (string, error)
	// invalidate says the server refused value (401); true when the next token call will
	// fetch a new one, so resending is worth it.
	invalidate(value string) bool
}

// oauthTokens caches tokens of the client-credentials grant with x/oauth2. oauth2's
// ReuseTokenSource refreshes a token when it is within 10 s of expiry (its expiryDelta),
// not at 80% of its lifetime as @cpod/sdk and cpod-sdk for Python do; we keep the library's
// rule rather than re-implement its cache (see README, "Tokens"). It also holds one mutex
// around a refresh, so exactly one refresh is in flight however many calls wait for it.
// What this type adds: a caller's context that ends while waiting stops the wait, and a 401
// drops the cached token (one forced refresh).
type oauthTokens struct {
	config *clientcredentials.Config
	ctx    context.Context // carries the retrying HTTP client for the token endpoint
	mu     sync.Mutex
	reuse  oauth2.TokenSource
	last   string
}

func newOAuthTokens(baseURL, id, secret string, scopes []string, httpClient *http.Client) *oauthTokens {
	cfg := &clientcredentials.Config{
		ClientID: id, ClientSecret: secret, Scopes: scopes,
		TokenURL: baseURL + "/v1/oauth/token",
		// client_secret_basic: the secret never sits in a body a proxy might log.
		AuthStyle: oauth2.AuthStyleInHeader,
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, httpClient)
	t := &oauthTokens{config: cfg, ctx: ctx}
	t.reuse = cfg.TokenSource(ctx)
	return t
}

type tokenResult struct {
	tok *oauth2.Token
	err error
}

func (t *oauthTokens) token(ctx context.Context) (string, error) {
	t.mu.Lock()
	src := t.reuse
	t.mu.Unlock()
	done := make(chan tokenResult, 1)
	go func() { tok, err := src.Token(); done <- tokenResult{tok, err} }()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-done:
		if r.err != nil {
			return "", tokenError(r.err)
		}
		t.mu.Lock()
		t.last = r.tok.AccessToken
		t.mu.Unlock()
		return r.tok.AccessToken, nil
	}
}

func (t *oauthTokens) invalidate(value string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.last == value {
		t.reuse = t.config.TokenSource(t.ctx)
		t.last = ""
	}
	return true
}

// tokenError: a token failure is always an AuthenticationError (the operation was never
// sent), with the oauth2 or network error as its cause and the server's Problem fields.
func tokenError(err error) error {
	e := APIError{Code: gen.ErrorCodeUnauthenticated, Title: "Could not obtain an access token",
		Detail: err.Error(), cause: err}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		if mapped := AsError(errorFromResponse(re.Response.StatusCode, re.Response.Header, re.Body, realClock.now())); mapped != nil {
			e.Status, e.Code, e.RequestID = mapped.Status, mapped.Code, mapped.RequestID
			if mapped.Detail != "" {
				e.Detail = mapped.Detail
			}
		}
	}
	return authn(e)
}

// staticToken is a fixed token that never refreshes (an admin or pre-issued token).
type staticToken string

func (s staticToken) token(context.Context) (string, error) { return string(s), nil }
func (s staticToken) invalidate(string) bool                { return false }

// adminTokens is the admin doer's token source: the admin token, or an error naming it.
func adminTokens(adminToken string) tokenSource {
	if adminToken == "" {
		return missingToken("AdminToken")
	}
	return staticToken(adminToken)
}

// missingToken fails every call that needs a credential the client was not given, before
// anything is sent: as an *AuthenticationError, the class of "no token could be obtained".
type missingToken string

func (m missingToken) token(context.Context) (string, error) {
	return "", &AuthenticationError{APIError{
		Code:  gen.ErrorCodeUnauthenticated,
		Title: "cpod: this call needs Options." + string(m) + ", which the client was not given",
	}}
}

func (m missingToken) invalidate(string) bool { return false }
