package cpod

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"
)

func TestRetriesRetryableStatusesThenSucceeds(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n < 3 {
			problem(w, 503, "unavailable")
			return
		}
		entry(w, "k")
	})
	clk := &fakeClock{}
	got, err := g.client(clk).KV.Get(context.Background(), "k", nil)
	if err != nil || got.Key != "k" {
		t.Fatalf("Get = %v, %v", got, err)
	}
	if len(g.seen()) != 3 {
		t.Fatalf("attempts = %d, want 3", len(g.seen()))
	}
	// equal jitter with random 0.5: 0.5 s → 375 ms, 1 s → 750 ms
	want := []time.Duration{375 * time.Millisecond, 750 * time.Millisecond}
	if s := clk.slept(); len(s) != 2 || s[0] != want[0] || s[1] != want[1] {
		t.Fatalf("sleeps = %v, want %v", s, want)
	}
}

func TestGivesUpAfterMaxRetriesWithTypedError(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { problem(w, 500, "internal") })
	_, err := g.client(&fakeClock{}).KV.Get(context.Background(), "k", nil)
	var se *ServerError
	if !errors.As(err, &se) || se.Code != "internal" || se.Status != 500 || se.RequestID != "req-1" {
		t.Fatalf("err = %#v", err)
	}
	if len(g.seen()) != 3 {
		t.Fatalf("attempts = %d, want 3", len(g.seen()))
	}
}

func TestDoesNotRetryNonRetryableStatuses(t *testing.T) {
	for _, tc := range []struct {
		status int
		code   string
	}{{400, "validation_failed"}, {404, "not_found"}, {409, "conflict"}, {501, "not_implemented"}} {
		g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { problem(w, tc.status, tc.code) })
		_, err := g.client(&fakeClock{}).KV.Get(context.Background(), "k", nil)
		if CodeOf(err) != Code(tc.code) || len(g.seen()) != 1 {
			t.Errorf("%d: err = %v, attempts = %d", tc.status, err, len(g.seen()))
		}
	}
}

func TestHonoursRetryAfterCapped(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   time.Duration
	}{{"2", 2 * time.Second}, {"3600", 60 * time.Second}, {"Sun, 06 Dec 2026 05:00:05 GMT", 5 * time.Second}} {
		g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				w.Header().Set("Retry-After", tc.header)
				problem(w, 429, "rate_limited")
				return
			}
			entry(w, "k")
		})
		clk := &fakeClock{now: time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)}
		if _, err := g.client(clk).KV.Get(context.Background(), "k", nil); err != nil {
			t.Fatal(err)
		}
		if s := clk.slept(); len(s) != 1 || s[0] != tc.want {
			t.Errorf("Retry-After %q: sleeps = %v, want [%v]", tc.header, s, tc.want)
		}
	}
}

func TestRateLimitErrorCarriesRetryAfter(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "7")
		problem(w, 429, "rate_limited")
	})
	_, err := g.client(&fakeClock{}).KV.Get(context.Background(), "k", nil)
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Fatalf("err = %#v", err)
	}
}

func TestOneIdempotencyKeyPerPostAcrossRetries(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n%2 == 1 {
			problem(w, 502, "unavailable")
			return
		}
		writeJSON(w, 200, map[string]any{"value": 5})
	})
	c := g.client(&fakeClock{})
	for range 2 {
		if v, err := c.KV.Incr(context.Background(), "n", 5, nil); err != nil || v != 5 {
			t.Fatalf("Incr = %d, %v", v, err)
		}
	}
	reqs := g.seen()
	keys := []string{}
	for _, r := range reqs {
		keys = append(keys, r.Header.Get("Idempotency-Key"))
	}
	if len(keys) != 4 || keys[0] == "" || keys[0] != keys[1] || keys[2] != keys[3] || keys[0] == keys[2] {
		t.Fatalf("Idempotency-Keys = %q: want one per call, shared by its retry", keys)
	}
}

func TestCallersIdempotencyKeyIsKept(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 201, map[string]any{"id": "per_1", "display_name": "Ada"})
	})
	if _, err := g.client(&fakeClock{}).Entities.People.Create(context.Background(), PersonCreate{DisplayName: "Ada"}, "mine-1"); err != nil {
		t.Fatal(err)
	}
	if k := g.seen()[0].Header.Get("Idempotency-Key"); k != "mine-1" {
		t.Fatalf("Idempotency-Key = %q", k)
	}
}

func TestNoIdempotencyKeyOnPut(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { entry(w, "k") })
	if _, err := g.client(&fakeClock{}).KV.Put(context.Background(), "k", "v", nil); err != nil {
		t.Fatal(err)
	}
	if k := g.seen()[0].Header.Get("Idempotency-Key"); k != "" {
		t.Fatalf("PUT carried Idempotency-Key %q", k)
	}
}

func TestOneForcedTokenRefreshOn401(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Header.Get("Authorization") == "Bearer tok-1" {
			problem(w, 401, "invalid_token")
			return
		}
		entry(w, "k")
	})
	if _, err := g.client(&fakeClock{}).KV.Get(context.Background(), "k", nil); err != nil {
		t.Fatal(err)
	}
	reqs := g.seen()
	if len(reqs) != 2 || reqs[1].Header.Get("Authorization") != "Bearer tok-2" || g.tokens != 2 {
		t.Fatalf("requests = %d, tokens = %d", len(reqs), g.tokens)
	}
}

func TestSecond401IsAnAuthenticationError(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { problem(w, 401, "invalid_token") })
	_, err := g.client(&fakeClock{}).KV.Get(context.Background(), "k", nil)
	var ae *AuthenticationError
	if !errors.As(err, &ae) || ae.Code != "invalid_token" {
		t.Fatalf("err = %#v", err)
	}
	if len(g.seen()) != 2 || g.tokens != 2 {
		t.Fatalf("requests = %d, tokens = %d: want exactly one forced refresh", len(g.seen()), g.tokens)
	}
}

func TestTokenIsReusedAcrossCalls(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { entry(w, "k") })
	c := g.client(&fakeClock{})
	for range 3 {
		if _, err := c.KV.Get(context.Background(), "k", nil); err != nil {
			t.Fatal(err)
		}
	}
	if g.tokens != 1 {
		t.Fatalf("token requests = %d, want 1", g.tokens)
	}
}

func TestRefusedCredentialsAreAnAuthenticationError(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { entry(w, "k") })
	c, _ := New(Options{BaseURL: g.server.URL, ClientID: "app", ClientSecret: "wrong", clock: (&fakeClock{}).clock()})
	_, err := c.KV.Get(context.Background(), "k", nil)
	var ae *AuthenticationError
	if !errors.As(err, &ae) || ae.Status != 401 || len(g.seen()) != 0 {
		t.Fatalf("err = %#v, operation requests = %d", err, len(g.seen()))
	}
}

func TestConnectionErrorsAreRetriedThenTyped(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { entry(w, "k") })
	url := g.server.URL
	g.server.Close()
	clk := &fakeClock{}
	c, _ := New(Options{BaseURL: url, AccessToken: "fixed", clock: clk.clock()})
	_, err := c.KV.Get(context.Background(), "k", nil)
	var ce *ConnectionError
	if !errors.As(err, &ce) || ce.Status != 0 || len(clk.slept()) != 2 {
		t.Fatalf("err = %#v, sleeps = %v", err, clk.slept())
	}
}

func TestCancelDuringBackoffReturnsContextError(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { problem(w, 503, "unavailable") })
	ctx, cancel := context.WithCancel(context.Background())
	clk := &fakeClock{}
	cc := clk.clock()
	cc.sleep = func(ctx context.Context, d time.Duration) error { cancel(); return sleepContext(ctx, d) }
	c, _ := New(Options{BaseURL: g.server.URL, AccessToken: "fixed", clock: cc})
	if _, err := c.KV.Get(ctx, "k", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(g.seen()) != 1 {
		t.Fatalf("attempts = %d", len(g.seen()))
	}
}

func TestBackoffLongerThanDeadlineIsNotStarted(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "30")
		problem(w, 503, "unavailable")
	})
	clk := &fakeClock{now: time.Now()}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := g.client(clk).KV.Get(ctx, "k", nil)
	var se *ServerError
	if !errors.As(err, &se) || len(clk.slept()) != 0 || len(g.seen()) != 1 {
		t.Fatalf("err = %v, sleeps = %v: want the 503 at once", err, clk.slept())
	}
}

func TestStaticTokenAnd401(t *testing.T) {
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) { problem(w, 401, "unauthenticated") })
	c, _ := New(Options{BaseURL: g.server.URL, AccessToken: "fixed", clock: (&fakeClock{}).clock()})
	_, err := c.KV.Get(context.Background(), "k", nil)
	if CodeOf(err) != "unauthenticated" || len(g.seen()) != 1 || g.seen()[0].Header.Get("Authorization") != "Bearer fixed" {
		t.Fatalf("err = %v, requests = %d", err, len(g.seen()))
	}
}

// The resend after a forced refresh is the same logical POST: same key, same body.
func TestRefreshResendKeepsTheIdempotencyKeyAndBody(t *testing.T) {
	var bodies []string
	g := newGateway(t, func(w http.ResponseWriter, r *http.Request, n int) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if n == 1 {
			problem(w, 401, "invalid_token")
			return
		}
		writeJSON(w, 200, map[string]any{"value": 1})
	})
	if _, err := g.client(&fakeClock{}).KV.Incr(context.Background(), "n", 1, nil); err != nil {
		t.Fatal(err)
	}
	reqs := g.seen()
	if len(reqs) != 2 || reqs[0].Header.Get("Idempotency-Key") != reqs[1].Header.Get("Idempotency-Key") ||
		bodies[0] != bodies[1] || bodies[0] == "" {
		t.Fatalf("requests = %d, bodies = %q", len(reqs), bodies)
	}
}
