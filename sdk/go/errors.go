package cpod

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// Code is one of the contract's closed set of error codes (a Problem body's `code`).
type Code = gen.ErrorCode

// FieldError names one failing input of a 400, e.g. {Path: "/body/display_name"}.
type FieldError = gen.FieldError

// APIError is what every error the SDK returns on purpose carries. Status is 0 when no HTTP
// response was received (connection error). Use [AsError] to read it from any SDK error, or
// errors.As with one of the class types (*NotFoundError, *RateLimitError, …) to act on a class.
type APIError struct {
	// Status is the HTTP status, or 0 when the request never got an answer.
	Status int
	// Code is the contract's error code, e.g. not_found or rate_limited.
	Code Code
	// Title is a short summary of the problem type.
	Title string
	// Detail says what went wrong in this occurrence, when the server said.
	Detail string
	// RequestID is the server's request id: quote it in support requests.
	RequestID string
	// Fields lists per-field failures of a validation error, when the server said.
	Fields []FieldError
	// RetryAfter is the wait the server asked for (Retry-After), zero when it did not say.
	RetryAfter time.Duration
	// Header holds the response headers, when there was a response.
	Header http.Header
	cause  error
}

// Error formats like the other SDKs: "404 not_found: Not found: no such key (request r1)".
func (e *APIError) Error() string {
	s := ""
	if e.Status != 0 {
		s = fmt.Sprintf("%d ", e.Status)
	}
	s += fmt.Sprintf("%s: %s", e.Code, e.Title)
	if e.Detail != "" && e.Detail != e.Title {
		s += ": " + e.Detail
	}
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}

// Unwrap returns the underlying cause (a network error, an oauth2 error), if any.
func (e *APIError) Unwrap() error { return e.cause }

// Details returns the error's fields; it makes every class type satisfy [Error].
func (e *APIError) Details() *APIError { return e }

// Error is satisfied by every error class of the SDK, so one errors.As reaches the shared
// fields whatever the class.
//
//	var e cpod.Error
//	if errors.As(err, &e) { log.Println(e.Details().Code, e.Details().RequestID) }
type Error interface {
	error
	Details() *APIError
}

// AsError returns the SDK error in err's chain, or nil when err did not come from the SDK.
func AsError(err error) *APIError {
	var e Error
	if errors.As(err, &e) {
		return e.Details()
	}
	return nil
}

// CodeOf returns the contract code of err, or "" when err did not come from the SDK (a
// context cancellation, for example).
func CodeOf(err error) Code {
	if e := AsError(err); e != nil {
		return e.Code
	}
	return ""
}

// AuthenticationError (401): the token or app credentials were refused, or no token could be
// obtained.
type AuthenticationError struct{ APIError }

// PermissionDeniedError (403): policy or scopes do not allow the call, or the tenant is
// suspended.
type PermissionDeniedError struct{ APIError }

// NotFoundError (404): no such resource for this tenant.
type NotFoundError struct{ APIError }

// ConflictError (409): the request conflicts with current state (taken id, reused
// idempotency key, …).
type ConflictError struct{ APIError }

// PreconditionFailedError (412): an If-Match / if_version check failed: someone else changed
// the resource first.
type PreconditionFailedError struct{ APIError }

// ValidationError (400, 413, 414, 415, 431): the request was invalid; Fields names each
// failing input when the server said.
type ValidationError struct{ APIError }

// RateLimitError (429) after the SDK's own retries; wait RetryAfter.
type RateLimitError struct{ APIError }

// ServerError (5xx) after the SDK's own retries. Safe to retry later.
type ServerError struct{ APIError }

// ConnectionError: no HTTP answer at all (DNS, refused or reset connection, TLS failure).
type ConnectionError struct{ APIError }

// TimeoutError: the server answered 408 or 504 (a call's own deadline surfaces as
// context.DeadlineExceeded instead, as everywhere in Go).
type TimeoutError struct{ APIError }
