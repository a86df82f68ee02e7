package cpod

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The shared SDK scenarios (../scenarios/*.json, described by its schema.json and README.md)
// as Go types. They live in the repository, next to the TypeScript and Python SDKs that run
// the same files; outside the repository there is nothing to run.

type scriptedResponse struct {
	Status   int               `json:"status"`
	Headers  map[string]string `json:"headers"`
	Body     json.RawMessage   `json:"body"`
	BodyText *string           `json:"body_text"`
	Network  bool              `json:"network_error"`
}

type outcome struct {
	OK     bool   `json:"ok,omitempty"`
	Class  string `json:"class,omitempty"`
	Code   string `json:"code,omitempty"`
	Status int    `json:"status,omitempty"`
}

type errorsFile struct {
	Scenarios []struct {
		Name     string           `json:"name"`
		Response scriptedResponse `json:"response"`
		Expect   struct {
			Class             string   `json:"class"`
			Code              string   `json:"code"`
			Status            int      `json:"status"`
			Retryable         bool     `json:"retryable"`
			RequestID         *string  `json:"request_id"`
			Detail            *string  `json:"detail"`
			RetryAfterSeconds *float64 `json:"retry_after_seconds"`
			Message           *string  `json:"message"`
		} `json:"expect"`
	} `json:"scenarios"`
	Sweep struct {
		From          int               `json:"from"`
		To            int               `json:"to"`
		FallbackCodes map[string]string `json:"fallback_codes"`
		Code4xx       string            `json:"4xx_code"`
		Code5xx       string            `json:"5xx_code"`
		Retryable     [][2]int          `json:"retryable"`
	} `json:"status_sweep"`
}

type retryFile struct {
	ClockStart string `json:"clock_start"`
	Scenarios  []struct {
		Name       string             `json:"name"`
		Method     string             `json:"method"`
		Random     float64            `json:"random"`
		MaxRetries *int               `json:"max_retries"`
		Responses  []scriptedResponse `json:"responses"`
		Expect     struct {
			Attempts       int       `json:"attempts"`
			WaitsMS        []float64 `json:"waits_ms"`
			IdempotencyKey string    `json:"idempotency_key"`
			Outcome        outcome   `json:"outcome"`
		} `json:"expect"`
	} `json:"scenarios"`
}

type tokensFile struct {
	Scenarios []struct {
		Name      string             `json:"name"`
		ExpiresIn *int               `json:"expires_in"`
		Failures  []scriptedResponse `json:"token_responses"`
		Steps     []struct {
			AdvanceSeconds float64            `json:"advance_seconds"`
			Calls          int                `json:"calls"`
			Responses      []scriptedResponse `json:"responses"`
			Expect         struct {
				TokenRequests int      `json:"token_requests"`
				Bearers       []string `json:"bearers"`
				Outcome       outcome  `json:"outcome"`
			} `json:"expect"`
		} `json:"steps"`
	} `json:"scenarios"`
}

type paginationFile struct {
	Scenarios []struct {
		Name  string `json:"name"`
		Take  int    `json:"take"`
		Pages []struct {
			Items      []string          `json:"items"`
			NextCursor *string           `json:"next_cursor"`
			Error      *scriptedResponse `json:"error"`
		} `json:"pages"`
		Expect struct {
			Keys    []string  `json:"keys"`
			Cursors []*string `json:"cursors"`
			Outcome outcome   `json:"outcome"`
		} `json:"expect"`
	} `json:"scenarios"`
}

func loadScenarios[T any](t *testing.T, name string) T {
	t.Helper()
	var v T
	b, err := os.ReadFile("../scenarios/" + name)
	if err != nil {
		t.Skipf("shared scenarios not found (module used outside the repository?): %v", err)
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// response builds the scripted answer: body as JSON, body_text as is, neither an empty body.
func (r scriptedResponse) response(req *http.Request) *http.Response {
	body := ""
	switch {
	case r.Body != nil:
		body = string(r.Body)
	case r.BodyText != nil:
		body = *r.BodyText
	}
	h := http.Header{}
	for k, v := range r.Headers {
		h.Set(k, v)
	}
	return &http.Response{
		StatusCode: r.Status, Status: strconv.Itoa(r.Status), Header: h, Request: req,
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}
}

// neutralClassName is the scenarios' (TypeScript) name of a Go class: APIError is CpodError.
func neutralClassName(goName string) string {
	if goName == "APIError" {
		return "CpodError"
	}
	return goName
}

// classOfCode is the class the error scenarios give each code (Problem bodies carrying it).
func (f errorsFile) classOfCode() map[string]string {
	table := map[string]string{}
	for _, s := range f.Scenarios {
		var body struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(s.Response.Body, &body)
		if body.Code == s.Expect.Code && s.Expect.Status != 401 {
			table[s.Expect.Code] = s.Expect.Class
		}
	}
	return table
}

// sweepExpectation is the code the status sweep expects of an empty answer, and whether the
// status is retried.
func (f errorsFile) sweepExpectation(status int) (string, bool) {
	code, ok := f.Sweep.FallbackCodes[strconv.Itoa(status)]
	if !ok {
		code = f.Sweep.Code4xx
		if status >= 500 {
			code = f.Sweep.Code5xx
		}
	}
	retryable := false
	for _, r := range f.Sweep.Retryable {
		retryable = retryable || (status >= r[0] && status <= r[1])
	}
	return code, retryable
}
