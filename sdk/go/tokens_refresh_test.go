package cpod

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// failingTokens answers the token endpoint with tok-1 (100 s) and then with connection errors.
type failingTokens struct{ script }

func (f *failingTokens) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path == "/v1/oauth/token" && f.tokenRequests() > 0 {
		f.mu.Lock()
		f.tokens++
		f.mu.Unlock()
		return nil, errors.New("connection refused")
	}
	return f.script.RoundTrip(req)
}

// A failed refresh keeps serving the old token while it is valid, as in the other SDKs (not in
// the shared scenarios: they script no failing token endpoint), and is an
// AuthenticationError once it has expired.
func TestFailedRefreshServesTheStillValidToken(t *testing.T) {
	hundred := 100
	entry := `{"key":"k","value":1,"version":1,"expires_at":null}`
	f := &failingTokens{script{expiresIn: &hundred, steps: []scriptedResponse{
		{Status: 200, Headers: map[string]string{"content-type": "application/json"}, BodyText: &entry},
	}}}
	clk := &scenarioClock{at: time.Unix(1_800_000_000, 0)}
	policy := DefaultRetryPolicy
	policy.MaxRetries = 0
	c, err := New(Options{BaseURL: "http://cpod.test", ClientID: "a", ClientSecret: "b", Retry: &policy,
		HTTPClient: &http.Client{Transport: f}, clock: clk.clock(0.5)})
	if err != nil {
		t.Fatal(err)
	}
	get := func() error { _, err := c.KV.Get(context.Background(), "k", nil); return err }
	if err := get(); err != nil {
		t.Fatal(err)
	}
	clk.advance(90 * time.Second) // past the refresh time, before expiry
	if err := get(); err != nil {
		t.Fatalf("with a valid token left: %v", err)
	}
	clk.advance(10 * time.Second) // expired
	var authn *AuthenticationError
	if err := get(); !errors.As(err, &authn) {
		t.Fatalf("after expiry: %v, want *AuthenticationError", err)
	}
	if n := f.tokenRequests(); n != 3 {
		t.Fatalf("%d token requests, want 3 (one per call past the refresh time)", n)
	}
}
