package cpod

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeClock records the backoff sleeps instead of sleeping, and fixes time and jitter.
type fakeClock struct {
	mu     sync.Mutex
	sleeps []time.Duration
	now    time.Time
}

func (f *fakeClock) clock() *clock {
	return &clock{
		now: func() time.Time { return f.now },
		sleep: func(ctx context.Context, d time.Duration) error {
			f.mu.Lock()
			f.sleeps = append(f.sleeps, d)
			f.mu.Unlock()
			return ctx.Err()
		},
		random: func() float64 { return 0.5 },
	}
}

func (f *fakeClock) slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// gateway is a fake cPod gateway: a token endpoint issuing tok-1, tok-2, … and one handler
// for everything else, with every request it saw.
type gateway struct {
	t        *testing.T
	mu       sync.Mutex
	tokens   int
	requests []*http.Request
	handle   func(w http.ResponseWriter, r *http.Request, n int)
	server   *httptest.Server
}

func newGateway(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, n int)) *gateway {
	g := &gateway{t: t, handle: handle}
	g.server = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.server.Close)
	return g
}

func (g *gateway) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	if r.URL.Path == "/v1/oauth/token" {
		g.tokens++
		n := g.tokens
		g.mu.Unlock()
		if id, secret, ok := r.BasicAuth(); !ok || id != "app" || secret != "s3cret" {
			writeJSON(w, 401, map[string]any{"error": "invalid_client"})
			return
		}
		writeJSON(w, 200, map[string]any{"access_token": "tok-" + itoa(n), "token_type": "Bearer", "expires_in": 3600})
		return
	}
	g.requests = append(g.requests, r.Clone(context.Background()))
	n := len(g.requests)
	g.mu.Unlock()
	g.handle(w, r, n)
}

func (g *gateway) seen() []*http.Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]*http.Request(nil), g.requests...)
}

func (g *gateway) client(clk *fakeClock) *Client {
	g.t.Helper()
	c, err := New(Options{BaseURL: g.server.URL, ClientID: "app", ClientSecret: "s3cret", clock: clk.clock()})
	if err != nil {
		g.t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func problem(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type": "https://cpod.dev/problems/" + code, "title": "T " + code, "status": status,
		"code": code, "request_id": "req-1",
	})
}

func entry(w http.ResponseWriter, key string) {
	writeJSON(w, 200, map[string]any{"key": key, "value": "v", "version": 1, "expires_at": nil})
}

func itoa(n int) string { return string(rune('0' + n)) }
