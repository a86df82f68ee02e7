package cpod

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says when and how long to wait before retrying; the defaults match @cpod/sdk.
type RetryPolicy struct {
	// MaxRetries after the first attempt; 2 means at most 3 attempts. Negative disables.
	MaxRetries int
	// BaseDelay is the first backoff, doubled per retry.
	BaseDelay time.Duration
	// MaxDelay caps the exponential backoff.
	MaxDelay time.Duration
	// MaxRetryAfter caps a server's Retry-After, so one header cannot park a call for an hour.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy: 3 attempts, 0.5 s → 1 s → … capped at 8 s, Retry-After capped at 60 s.
var DefaultRetryPolicy = RetryPolicy{
	MaxRetries: 2, BaseDelay: 500 * time.Millisecond, MaxDelay: 8 * time.Second,
	MaxRetryAfter: 60 * time.Second,
}

// isRetryableStatus: 408 and 429 (the server asks us to come back) and 5xx except 501 (an
// operation that is not implemented will not be on the next try either).
func isRetryableStatus(status int) bool {
	return status == 408 || status == 429 || (status >= 500 && status != 501)
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3);
// ok is false when it is absent or unreadable.
func parseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 && !strings.ContainsAny(v, "eE+-") {
		return time.Duration(secs * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(0, t.Sub(now)), true
}

// backoffDelay is the wait before retry number retry (1-based). A server's Retry-After wins,
// capped; otherwise exponential backoff with "equal jitter" (half fixed, half random, random
// in [0,1)), so many clients failing together do not retry in lockstep.
func backoffDelay(retry int, retryAfter time.Duration, hasRetryAfter bool, random float64, p RetryPolicy) time.Duration {
	if hasRetryAfter {
		return min(retryAfter, p.MaxRetryAfter)
	}
	exp := math.Min(float64(p.BaseDelay)*math.Pow(2, float64(retry-1)), float64(p.MaxDelay))
	return time.Duration(exp/2 + random*exp/2)
}
