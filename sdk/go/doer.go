package cpod

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// maxErrorBody bounds how much of an error response is read for its Problem.
const maxErrorBody = 1 << 20

// doer is the SDK's network chain under the generated client (its HttpRequestDoer): bearer
// token → one Idempotency-Key per POST → send through retryTransport (backoff, Retry-After)
// → on 401 one forced token refresh and resend → a typed error for any other non-2xx.
// Successful responses (2xx, 304) are returned untouched for the generated parsers.
type doer struct {
	http      *http.Client
	tokens    tokenSource
	userAgent string
	clock     clock
}

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	req.Header.Set("User-Agent", d.userAgent)
	if req.Method == http.MethodPost && req.Header.Get("Idempotency-Key") == "" {
		req.Header.Set("Idempotency-Key", newIdempotencyKey())
	}
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	for refreshed := false; ; refreshed = true {
		token, err := d.tokens.token(ctx)
		if err != nil {
			return nil, err
		}
		attempt, err := rewind(req)
		if err != nil {
			return nil, err
		}
		attempt.Header.Set("Authorization", "Bearer "+token)
		resp, err := d.http.Do(attempt)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, connectionError(unwrapURLError(err))
		}
		if resp.StatusCode < 300 || resp.StatusCode == http.StatusNotModified {
			return resp, nil
		}
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		_ = resp.Body.Close()
		if rerr != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if resp.StatusCode == http.StatusUnauthorized && replayable && !refreshed && d.tokens.invalidate(token) {
			continue
		}
		return nil, errorFromResponse(resp.StatusCode, resp.Header, body, d.clock.now())
	}
}

// unwrapURLError drops net/http's *url.Error wrapper ("Get "...": ") around a network error.
func unwrapURLError(err error) error {
	if inner := errors.Unwrap(err); inner != nil {
		return inner
	}
	return err
}

// newIdempotencyKey is a random UUIDv4: unique per logical POST, shared by its retries.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// with is a doer sharing d's transport, retries and clock but taking tokens elsewhere.
func (d *doer) with(tokens tokenSource) *doer {
	copied := *d
	copied.tokens = tokens
	return &copied
}
