package cpod

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryableStatuses(t *testing.T) {
	for status, want := range map[int]bool{
		408: true, 429: true, 500: true, 502: true, 503: true, 504: true,
		400: false, 401: false, 404: false, 409: false, 412: false, 501: false,
	} {
		if isRetryableStatus(status) != want {
			t.Errorf("isRetryableStatus(%d) != %v", status, want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"", 0, false}, {"3", 3 * time.Second, true}, {"1.5", 1500 * time.Millisecond, true},
		{"Sun, 06 Dec 2026 05:00:10 GMT", 10 * time.Second, true},
		{"Sun, 06 Dec 2026 04:59:00 GMT", 0, true}, {"soon", 0, false}, {"-1", 0, false},
	} {
		got, ok := parseRetryAfter(http.Header{"Retry-After": {tc.value}}, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%q: %v %v, want %v %v", tc.value, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffDelay(t *testing.T) {
	p := DefaultRetryPolicy
	for _, tc := range []struct {
		retry  int
		random float64
		want   time.Duration
	}{
		{1, 0, 250 * time.Millisecond}, {1, 0.999999, 500 * time.Millisecond},
		{2, 0, 500 * time.Millisecond}, {3, 1, 2 * time.Second},
		{10, 0, 4 * time.Second}, {10, 1, 8 * time.Second}, // capped at MaxDelay
	} {
		got := backoffDelay(tc.retry, 0, false, tc.random, p)
		if d := got - tc.want; d > time.Millisecond || d < -time.Millisecond {
			t.Errorf("retry %d random %v: %v, want %v", tc.retry, tc.random, got, tc.want)
		}
	}
	if got := backoffDelay(1, 2*time.Minute, true, 0.5, p); got != time.Minute {
		t.Errorf("Retry-After not capped: %v", got)
	}
}
