package cpod

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Many calls starting together share one token request (oauth2's ReuseTokenSource mutex).
func TestConcurrentCallsShareOneTokenRequest(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { entry(w, "k") })
	c := g.client(&fakeClock{})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.KV.Get(context.Background(), "k", nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.tokens != 1 {
		t.Fatalf("token requests = %d, want 1", g.tokens)
	}
}

// The token endpoint gets the same retries as any call (its 503 is not the caller's problem).
func TestTokenRequestIsRetried(t *testing.T) {
	var tokenCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/oauth/token" {
			if tokenCalls.Add(1) == 1 {
				problem(w, 503, "unavailable")
				return
			}
			if r.FormValue("grant_type") != "client_credentials" || r.FormValue("scope") != "kv.read kv.write" {
				problem(w, 400, "bad_request")
				return
			}
			writeJSON(w, 200, map[string]any{"access_token": "t", "token_type": "Bearer", "expires_in": 60})
			return
		}
		entry(w, "k")
	}))
	defer srv.Close()
	c, _ := New(Options{BaseURL: srv.URL, ClientID: "app", ClientSecret: "s", Scopes: []string{"kv.read", "kv.write"}, clock: (&fakeClock{}).clock()})
	if _, err := c.KV.Get(context.Background(), "k", nil); err != nil {
		t.Fatal(err)
	}
	if tokenCalls.Load() != 2 {
		t.Fatalf("token calls = %d", tokenCalls.Load())
	}
}

// A caller's context that ends while its token is being fetched ends the call at once.
func TestContextEndsTheWaitForAToken(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		writeJSON(w, 200, map[string]any{"access_token": "t", "token_type": "Bearer", "expires_in": 60})
	}))
	defer srv.Close()
	defer close(release)
	c, _ := New(Options{BaseURL: srv.URL, ClientID: "app", ClientSecret: "s", clock: (&fakeClock{}).clock()})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.KV.Get(ctx, "k", nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, o := range []Options{
		{},
		{BaseURL: "http://x"},
		{BaseURL: "http://x", ClientID: "a"},
		{BaseURL: "http://x", ClientID: "a", ClientSecret: "b", AccessToken: "t"},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
}
