package cpod

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// The shared SDK scenarios (../scenarios, see its README) run against the real Client over a
// scripted http.RoundTripper given as Options.HTTPClient; the TypeScript and Python SDKs run
// the same files. Contexts carry no deadline, so only the SDK's backoffs are slept.

// scenarioClock is time that moves only when the SDK sleeps or a step advances it, and a
// jitter source returning the scenario's number.
type scenarioClock struct {
	mu     sync.Mutex
	at     time.Time
	sleeps []time.Duration
}

func (c *scenarioClock) clock(random float64) *clock {
	return &clock{
		now: func() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at },
		sleep: func(ctx context.Context, d time.Duration) error {
			c.mu.Lock()
			c.sleeps = append(c.sleeps, d)
			c.at = c.at.Add(d)
			c.mu.Unlock()
			return ctx.Err()
		},
		random: func() float64 { return random },
	}
}

func (c *scenarioClock) advance(d time.Duration) { c.mu.Lock(); c.at = c.at.Add(d); c.mu.Unlock() }

// script answers the token endpoint with tok-1, tok-2, … and every other request from steps
// in order (the last repeats), recording the requests.
type script struct {
	mu        sync.Mutex
	steps     []scriptedResponse
	served    int
	tokens    int
	expiresIn *int
	// failures answer the first token requests, before tokens are issued.
	failures []scriptedResponse
	ops      []*http.Request
	// onToken runs before a token answer (the single-flight scenarios hold it there).
	onToken func()
}

func (s *script) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path == "/v1/oauth/token" {
		if s.onToken != nil {
			s.onToken()
		}
		s.mu.Lock()
		s.tokens++
		if s.tokens <= len(s.failures) {
			failure := s.failures[s.tokens-1]
			s.mu.Unlock()
			if failure.Network {
				return nil, errors.New("connection refused")
			}
			return failure.response(req), nil
		}
		body := fmt.Sprintf(`{"access_token":"tok-%d","token_type":"Bearer"`, s.tokens)
		if s.expiresIn != nil {
			body += fmt.Sprintf(`,"expires_in":%d`, *s.expiresIn)
		}
		s.mu.Unlock()
		text := body + "}"
		return scriptedResponse{Status: 200, Headers: map[string]string{"content-type": "application/json"}, BodyText: &text}.response(req), nil
	}
	s.mu.Lock()
	s.ops = append(s.ops, req)
	step := s.steps[min(s.served, len(s.steps)-1)]
	s.served++
	s.mu.Unlock()
	if step.Network {
		return nil, errors.New("connection refused")
	}
	return step.response(req), nil
}

func (s *script) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.ops...)
}

func (s *script) tokenRequests() int { s.mu.Lock(); defer s.mu.Unlock(); return s.tokens }

func outcomeOf(err error) outcome {
	if err == nil {
		return outcome{OK: true}
	}
	var e Error
	if !errors.As(err, &e) {
		return outcome{Class: "not an SDK error: " + err.Error()}
	}
	name := strings.TrimPrefix(fmt.Sprintf("%T", e), "*cpod.")
	return outcome{Class: neutralClassName(name), Code: string(e.Details().Code), Status: e.Details().Status}
}

func scenarioClient(t *testing.T, opts Options, s *script, clk *clock) *Client {
	t.Helper()
	opts.BaseURL = "http://cpod.test"
	opts.HTTPClient = &http.Client{Transport: s}
	opts.clock = clk
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// getOnce is one GET through a fixed-token client (a 401 is not refreshed) allowed one retry.
func getOnce(t *testing.T, r scriptedResponse) (outcome, int, error) {
	s := &script{steps: []scriptedResponse{r}}
	policy := DefaultRetryPolicy
	policy.MaxRetries = 1
	c := scenarioClient(t, Options{AccessToken: "tok-fixed", Retry: &policy}, s, (&scenarioClock{}).clock(0.5))
	_, err := c.KV.Get(context.Background(), "k", nil)
	return outcomeOf(err), len(s.requests()), err
}

func attemptsFor(retryable bool) int {
	if retryable {
		return 2
	}
	return 1
}

func TestScenarioErrors(t *testing.T) {
	f := loadScenarios[errorsFile](t, "errors.json")
	for _, sc := range f.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			got, attempts, err := getOnce(t, sc.Response)
			want := outcome{Class: sc.Expect.Class, Code: sc.Expect.Code, Status: sc.Expect.Status}
			if got != want || attempts != attemptsFor(sc.Expect.Retryable) {
				t.Fatalf("got %+v after %d attempt(s), want %+v (retryable %v)", got, attempts, want, sc.Expect.Retryable)
			}
			e := AsError(err)
			if sc.Expect.RequestID != nil && e.RequestID != *sc.Expect.RequestID {
				t.Errorf("request id %q, want %q", e.RequestID, *sc.Expect.RequestID)
			}
			if sc.Expect.Detail != nil && e.Detail != *sc.Expect.Detail {
				t.Errorf("detail %q, want %q", e.Detail, *sc.Expect.Detail)
			}
			if sc.Expect.Message != nil && err.Error() != *sc.Expect.Message {
				t.Errorf("message %q, want %q", err.Error(), *sc.Expect.Message)
			}
			if ra := sc.Expect.RetryAfterSeconds; ra != nil && e.RetryAfter != time.Duration(*ra*float64(time.Second)) {
				t.Errorf("retry after %v, want %vs", e.RetryAfter, *ra)
			}
		})
	}
}

func TestScenarioStatusSweep(t *testing.T) {
	f := loadScenarios[errorsFile](t, "errors.json")
	classes := f.classOfCode()
	for status := f.Sweep.From; status <= f.Sweep.To; status++ {
		code, retryable := f.sweepExpectation(status)
		class := classes[code]
		if status == 401 {
			class = "AuthenticationError"
		}
		got, attempts, _ := getOnce(t, scriptedResponse{Status: status})
		if want := (outcome{Class: class, Code: code, Status: status}); got != want || attempts != attemptsFor(retryable) {
			t.Errorf("%d: got %+v after %d attempt(s), want %+v retried %v", status, got, attempts, want, retryable)
		}
	}
}

var scenarioOperations = map[string]func(context.Context, *Client) error{
	"GET":    func(ctx context.Context, c *Client) error { _, err := c.KV.Get(ctx, "k", nil); return err },
	"PUT":    func(ctx context.Context, c *Client) error { _, err := c.KV.Put(ctx, "k", 1, nil); return err },
	"DELETE": func(ctx context.Context, c *Client) error { return c.KV.Delete(ctx, "k", nil, nil) },
	"POST":   func(ctx context.Context, c *Client) error { _, err := c.KV.Incr(ctx, "k", 1, nil); return err },
}

func TestScenarioRetry(t *testing.T) {
	f := loadScenarios[retryFile](t, "retry.json")
	start, err := time.Parse(time.RFC3339, f.ClockStart)
	if err != nil {
		t.Fatal(err)
	}
	// Away from UTC, so a Retry-After date read in local time shows.
	local := time.Local
	time.Local = time.FixedZone("UTC-4", -4*60*60)
	t.Cleanup(func() { time.Local = local })
	for _, sc := range f.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			clk := &scenarioClock{at: start}
			s := &script{steps: sc.Responses}
			policy := DefaultRetryPolicy
			if sc.MaxRetries != nil {
				policy.MaxRetries = *sc.MaxRetries
			}
			c := scenarioClient(t, Options{ClientID: "app_1", ClientSecret: "cs_1", Retry: &policy}, s, clk.clock(sc.Random))
			got := outcomeOf(scenarioOperations[sc.Method](context.Background(), c))
			if got != sc.Expect.Outcome {
				t.Errorf("outcome %+v, want %+v", got, sc.Expect.Outcome)
			}
			ops := s.requests()
			keys := map[string]bool{}
			for _, r := range ops {
				if r.Method != sc.Method {
					t.Errorf("sent %s, want %s", r.Method, sc.Method)
				}
				keys[r.Header.Get("Idempotency-Key")] = true
			}
			if len(ops) != sc.Expect.Attempts {
				t.Errorf("%d attempts, want %d", len(ops), sc.Expect.Attempts)
			}
			waits := []float64{}
			for _, d := range clk.sleeps {
				waits = append(waits, float64(d)/float64(time.Millisecond))
			}
			if fmt.Sprint(waits) != fmt.Sprint(sc.Expect.WaitsMS) {
				t.Errorf("waits %v ms, want %v", waits, sc.Expect.WaitsMS)
			}
			sameKey := len(keys) == 1 && !keys[""]
			if absent := len(keys) == 1 && keys[""]; (sc.Expect.IdempotencyKey == "same") != sameKey || (sc.Expect.IdempotencyKey == "absent") != absent {
				t.Errorf("idempotency keys %v, want %s", keys, sc.Expect.IdempotencyKey)
			}
		})
	}
}
