package cpod

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// oauthTokens caches tokens of the client-credentials grant with the lifecycle of the other
// SDKs (the shared scenarios in sdk/scenarios/tokens.json hold all three to it): fetch on
// first use, refresh at 80% of the token's lifetime, exactly one refresh in flight however
// many calls wait for it, while the old token is still valid a failed refresh keeps serving
// it, and after a failed refresh a cooldown (1 s, doubling to 30 s) during which calls fail
// fast with the last error instead of hammering the token endpoint. x/oauth2 only fetches (clientcredentials.Config.Token); its ReuseTokenSource is
// not used because it refreshes 10 s before expiry, on the real clock. A caller whose context
// ends stops waiting without cancelling the shared refresh; a 401 drops the cached token (one
// forced refresh).
type oauthTokens struct {
	config  *clientcredentials.Config
	ctx     context.Context // carries the retrying HTTP client for the token endpoint
	clock   clock
	mu      sync.Mutex
	cached  *cachedToken
	flight  *tokenFlight
	failure *tokenFailure
}

// tokenFailure is the last failed refresh: its error, until when calls fail fast with it,
// and how many refreshes in a row have failed.
type tokenFailure struct {
	err   error
	until time.Time
	count int
}

// cachedToken is a token and when to refresh it; a zero refreshAt/expiresAt means the
// server gave no lifetime, so it is kept until a 401.
type cachedToken struct {
	value                string
	refreshAt, expiresAt time.Time
}

// tokenFlight is the one refresh in flight; done closes when value or err is set.
type tokenFlight struct {
	done  chan struct{}
	value string
	err   error
}

// refreshAt is the share of a token's lifetime after which it is refreshed (design §8).
const refreshAt = 0.8

// The cooldown after a failed refresh: cooldownBase, doubled per failure in a row, at most
// cooldownMax.
const (
	cooldownBase = time.Second
	cooldownMax  = 30 * time.Second
)

func newOAuthTokens(baseURL, id, secret string, scopes []string, httpClient *http.Client, clk clock) *oauthTokens {
	cfg := &clientcredentials.Config{
		ClientID: id, ClientSecret: secret, Scopes: scopes,
		TokenURL: baseURL + "/v1/oauth/token",
		// client_secret_basic: the secret never sits in a body a proxy might log.
		AuthStyle: oauth2.AuthStyleInHeader,
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, httpClient)
	return &oauthTokens{config: cfg, ctx: ctx, clock: clk}
}

func (c *cachedToken) before(deadline time.Time, now time.Time) bool {
	return deadline.IsZero() || now.Before(deadline)
}

func (t *oauthTokens) token(ctx context.Context) (string, error) {
	t.mu.Lock()
	now, current := t.clock.now(), t.cached
	if current != nil && current.before(current.refreshAt, now) {
		t.mu.Unlock()
		return current.value, nil
	}
	stillValid := current != nil && current.before(current.expiresAt, now)
	if fail := t.failure; fail != nil && now.Before(fail.until) && t.flight == nil {
		t.mu.Unlock()
		if stillValid {
			return current.value, nil
		}
		return "", cooldownError(fail.err, fail.until.Sub(now))
	}
	f := t.flight
	if f == nil {
		f = &tokenFlight{done: make(chan struct{})}
		t.flight = f
		go t.refresh(f)
	}
	t.mu.Unlock()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-f.done:
	}
	if f.err != nil {
		if stillValid {
			return current.value, nil
		}
		return "", f.err
	}
	return f.value, nil
}

// refresh fetches a token for f; its lifetime counts from before the request, as in the
// other SDKs, so a slow token endpoint cannot stretch it.
func (t *oauthTokens) refresh(f *tokenFlight) {
	started := t.clock.now()
	tok, err := t.config.Token(t.ctx)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.flight = nil
	if err != nil {
		f.err = tokenError(err)
		count := 1
		if t.failure != nil {
			count = t.failure.count + 1
		}
		cooldown := cooldownMax
		if count <= 6 { // 1 s << 5 = 32 s is past the cap already
			cooldown = min(cooldownBase<<(count-1), cooldownMax)
		}
		t.failure = &tokenFailure{err: f.err, until: t.clock.now().Add(cooldown), count: count}
		close(f.done)
		return
	}
	t.failure = nil
	next := &cachedToken{value: tok.AccessToken}
	if lifetime := lifetimeOf(tok); lifetime > 0 {
		next.refreshAt = started.Add(time.Duration(float64(lifetime) * refreshAt))
		next.expiresAt = started.Add(lifetime)
	}
	t.cached = next
	f.value = tok.AccessToken
	close(f.done)
}

// lifetimeOf is the token's expires_in, or 0 when the server gave none. clientcredentials
// drops Token.ExpiresIn (it keeps only an Expiry on the real clock), so it is read from the
// raw response.
func lifetimeOf(tok *oauth2.Token) time.Duration {
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		return time.Duration(v * float64(time.Second))
	case string: // some servers send it as a string; oauth2 accepts that too
		if secs, err := strconv.ParseFloat(v, 64); err == nil {
			return time.Duration(secs * float64(time.Second))
		}
	}
	return 0
}

func (t *oauthTokens) invalidate(value string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cached != nil && t.cached.value == value {
		t.cached = nil
	}
	return true
}

// cooldownError is what a call gets while the token endpoint cools down: an
// AuthenticationError with the last failure's status and code, and that failure as cause.
func cooldownError(last error, wait time.Duration) error {
	e := AsError(last)
	return authn(APIError{
		Status: e.Status, Code: e.Code, Title: "Token endpoint cooling down after a failure",
		Detail:    fmt.Sprintf("the last token request failed (%s); next attempt in %d ms", e.Error(), wait.Milliseconds()),
		RequestID: e.RequestID, cause: last,
	})
}
