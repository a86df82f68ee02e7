package cpod

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/cpod/cpod/sdk/go/internal/gen"
)

// class wraps the shared fields in the class type a caller can errors.As.
type class func(APIError) error

func classOf[T any, P interface {
	*T
	error
}](wrap func(APIError) T) class {
	return func(e APIError) error { v := wrap(e); return P(&v) }
}

var (
	plain         class = func(e APIError) error { return &e }
	authn               = classOf(func(e APIError) AuthenticationError { return AuthenticationError{e} })
	denied              = classOf(func(e APIError) PermissionDeniedError { return PermissionDeniedError{e} })
	notFound            = classOf(func(e APIError) NotFoundError { return NotFoundError{e} })
	conflict            = classOf(func(e APIError) ConflictError { return ConflictError{e} })
	precondition        = classOf(func(e APIError) PreconditionFailedError { return PreconditionFailedError{e} })
	validation          = classOf(func(e APIError) ValidationError { return ValidationError{e} })
	rateLimited         = classOf(func(e APIError) RateLimitError { return RateLimitError{e} })
	server              = classOf(func(e APIError) ServerError { return ServerError{e} })
	timeoutClass        = classOf(func(e APIError) TimeoutError { return TimeoutError{e} })
	connectionCls       = classOf(func(e APIError) ConnectionError { return ConnectionError{e} })
)

// errorClasses is the one table from contract code to class, the same as @cpod/sdk's
// ERROR_CLASSES; a test fails when the contract gains a code this table lacks.
var errorClasses = map[Code]class{
	gen.ErrorCodeBadRequest:           validation,
	gen.ErrorCodeValidationFailed:     validation,
	gen.ErrorCodeInvalidFilter:        validation,
	gen.ErrorCodeInvalidCursor:        validation,
	gen.ErrorCodeUnauthenticated:      authn,
	gen.ErrorCodeInvalidToken:         authn,
	gen.ErrorCodePermissionDenied:     denied,
	gen.ErrorCodeTenantSuspended:      denied,
	gen.ErrorCodeNotFound:             notFound,
	gen.ErrorCodeMethodNotAllowed:     plain,
	gen.ErrorCodeConflict:             conflict,
	gen.ErrorCodeIdempotencyConflict:  conflict,
	gen.ErrorCodePreconditionFailed:   precondition,
	gen.ErrorCodePayloadTooLarge:      validation,
	gen.ErrorCodeUnsupportedMediaType: validation,
	gen.ErrorCodeRangeNotSatisfiable:  plain,
	gen.ErrorCodeRateLimited:          rateLimited,
	gen.ErrorCodeInternal:             server,
	gen.ErrorCodeNotImplemented:       server,
	gen.ErrorCodeUnavailable:          server,
	gen.ErrorCodeTimeout:              timeoutClass,
	gen.ErrorCodeUriTooLong:           validation,
	gen.ErrorCodeHeadersTooLarge:      validation,
	gen.ErrorCodeRequestTimeout:       timeoutClass,
}

// statusCodes is the code to assume when a response carries none (a proxy's 502 page, a
// HEAD 404).
var statusCodes = map[int]Code{
	400: gen.ErrorCodeBadRequest, 401: gen.ErrorCodeUnauthenticated,
	403: gen.ErrorCodePermissionDenied, 404: gen.ErrorCodeNotFound,
	405: gen.ErrorCodeMethodNotAllowed, 408: gen.ErrorCodeTimeout, 409: gen.ErrorCodeConflict,
	412: gen.ErrorCodePreconditionFailed, 413: gen.ErrorCodePayloadTooLarge,
	414: gen.ErrorCodeUriTooLong, 415: gen.ErrorCodeUnsupportedMediaType,
	416: gen.ErrorCodeRangeNotSatisfiable, 429: gen.ErrorCodeRateLimited,
	431: gen.ErrorCodeHeadersTooLarge, 501: gen.ErrorCodeNotImplemented,
	503: gen.ErrorCodeUnavailable, 504: gen.ErrorCodeTimeout,
}

func codeForStatus(status int) Code {
	if c, ok := statusCodes[status]; ok {
		return c
	}
	if status >= 500 {
		return gen.ErrorCodeInternal
	}
	return gen.ErrorCodeBadRequest
}

// errorBody is what the SDK reads of a Problem (RFC 9457) or OAuth error (RFC 6749 §5.2).
type errorBody struct {
	Code             string       `json:"code"`
	Title            string       `json:"title"`
	Detail           string       `json:"detail"`
	RequestID        string       `json:"request_id"`
	Errors           []FieldError `json:"errors"`
	OAuthError       string       `json:"error"`
	ErrorDescription string       `json:"error_description"`
}

// errorFromResponse turns a non-2xx response (status, headers, body) into its typed error.
// Any 401 is an AuthenticationError, whatever its code, as in the other SDKs.
func errorFromResponse(status int, header http.Header, body []byte, now time.Time) error {
	var b errorBody
	_ = json.Unmarshal(body, &b) // an unreadable body leaves the status to speak
	code := Code(b.Code)
	if _, known := errorClasses[code]; !known {
		code = codeForStatus(status)
	}
	detail := b.Detail
	if detail == "" && b.OAuthError != "" {
		detail = b.OAuthError
		if b.ErrorDescription != "" {
			detail += ": " + b.ErrorDescription
		}
	}
	e := APIError{
		Status: status, Code: code, Title: b.Title, Detail: detail, RequestID: b.RequestID,
		Fields: b.Errors, Header: header,
	}
	if e.Title == "" {
		e.Title = titleOf(string(code))
	}
	if e.RequestID == "" {
		e.RequestID = header.Get("X-Request-Id")
	}
	if d, ok := parseRetryAfter(header, now); ok {
		e.RetryAfter = d
	}
	if status == http.StatusUnauthorized {
		return authn(e)
	}
	return errorClasses[code](e)
}

// titleOf makes "rate_limited" read "Rate limited" when the body had no title.
func titleOf(code string) string {
	words := strings.ReplaceAll(code, "_", " ")
	if words == "" {
		return words
	}
	return strings.ToUpper(words[:1]) + words[1:]
}

// connectionError is the error of a request that got no answer.
func connectionError(cause error) error {
	return connectionCls(APIError{
		Code: gen.ErrorCodeUnavailable, Title: "Could not reach cPod", Detail: cause.Error(),
		cause: cause,
	})
}
