package cpod

import (
	"context"
	"errors"
	"net/http"

	"golang.org/x/oauth2"

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

// tokenError: a token failure is always an AuthenticationError (the operation was never
// sent), with the oauth2 or network error as its cause and the server's status and request
// id. The code is the server's only when it refused the token request (401), as in the other
// SDKs: a 503 of the token endpoint is an unauthenticated call, not an unavailable one.
func tokenError(err error) error {
	e := APIError{Code: gen.ErrorCodeUnauthenticated, Title: "Could not obtain an access token",
		Detail: err.Error(), cause: err}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		if mapped := AsError(errorFromResponse(re.Response.StatusCode, re.Response.Header, re.Body, realClock.now())); mapped != nil {
			e.Status, e.RequestID = mapped.Status, mapped.RequestID
			if mapped.Status == http.StatusUnauthorized {
				e.Code = mapped.Code
			}
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
