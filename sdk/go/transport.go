package cpod

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// clock is time and randomness, injected so unit tests run without a real clock.
type clock struct {
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	random func() float64
}

var realClock = clock{now: time.Now, sleep: sleepContext, random: rand.Float64}

// sleepContext waits d, or less when ctx ends first: the backoff sleep is cancellable.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// retryTransport resends a request on connection errors, 408, 429 and 5xx (not 501) with
// capped jittered backoff or the server's Retry-After, as long as the body can be replayed
// (GetBody set, or no body). A backoff that would outlast the context's deadline is not
// started: it would only turn a precise error into a timeout. The last answer — response or
// error — is returned as is; mapping it to a typed error is the caller's business. It serves
// both the API calls and oauth2's token requests.
type retryTransport struct {
	base   http.RoundTripper
	policy RetryPolicy
	clock  clock
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	for retry := 1; ; retry++ {
		resp, err := t.base.RoundTrip(req)
		if ctx.Err() != nil || !replayable || retry > t.policy.MaxRetries {
			return resp, err
		}
		var delay time.Duration
		switch {
		case err != nil:
			delay = backoffDelay(retry, 0, false, t.clock.random(), t.policy)
		case isRetryableStatus(resp.StatusCode):
			ra, ok := parseRetryAfter(resp.Header, t.clock.now())
			delay = backoffDelay(retry, ra, ok, t.clock.random(), t.policy)
		default:
			return resp, nil
		}
		if deadline, ok := ctx.Deadline(); ok && delay >= deadline.Sub(t.clock.now()) {
			return resp, err
		}
		if resp != nil {
			drain(resp.Body)
		}
		if serr := t.clock.sleep(ctx, delay); serr != nil {
			return nil, serr
		}
		if req, err = rewind(req); err != nil {
			return nil, err
		}
	}
}

// rewind is a copy of req with a fresh body for the next attempt.
func rewind(req *http.Request) (*http.Request, error) {
	next := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		next.Body = body
	}
	return next, nil
}

// drain reads a little of a body and closes it, so its connection can be reused.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}
