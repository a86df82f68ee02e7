package cpod

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"
)

// The one table must cover the contract's closed set exactly: a code added to the contract
// fails here until it is mapped (the TS SDK gets this from a total Record type).
func TestErrorTableCoversTheContractCodes(t *testing.T) {
	raw, err := os.ReadFile("../../gen/openapi/gateway.json")
	if err != nil {
		t.Skipf("contract not found: %v", err)
	}
	var spec struct {
		Components struct {
			Schemas struct {
				ErrorCode struct {
					Enum []string `json:"enum"`
				} `json:"ErrorCode"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	codes := spec.Components.Schemas.ErrorCode.Enum
	if len(codes) == 0 || len(codes) != len(errorClasses) {
		t.Fatalf("contract has %d codes, table %d", len(codes), len(errorClasses))
	}
	for _, c := range codes {
		if _, ok := errorClasses[Code(c)]; !ok {
			t.Errorf("code %q is not mapped", c)
		}
	}
}

// Same classes as @cpod/sdk's ERROR_CLASSES, checked through errors.As as callers do.
func TestErrorClassesByCode(t *testing.T) {
	is := func(target any) func(error) bool {
		return func(err error) bool { return errors.As(err, target) }
	}
	for _, tc := range []struct {
		status int
		code   string
		want   func(error) bool
		class  string
	}{
		{400, "validation_failed", is(new(*ValidationError)), "ValidationError"},
		{400, "invalid_cursor", is(new(*ValidationError)), "ValidationError"},
		{403, "tenant_suspended", is(new(*PermissionDeniedError)), "PermissionDeniedError"},
		{404, "not_found", is(new(*NotFoundError)), "NotFoundError"},
		{409, "idempotency_conflict", is(new(*ConflictError)), "ConflictError"},
		{412, "precondition_failed", is(new(*PreconditionFailedError)), "PreconditionFailedError"},
		{413, "payload_too_large", is(new(*ValidationError)), "ValidationError"},
		{429, "rate_limited", is(new(*RateLimitError)), "RateLimitError"},
		{500, "internal", is(new(*ServerError)), "ServerError"},
		{503, "unavailable", is(new(*ServerError)), "ServerError"},
		{504, "timeout", is(new(*TimeoutError)), "TimeoutError"},
		{405, "method_not_allowed", is(new(*APIError)), "APIError"},
		{401, "permission_denied", is(new(*AuthenticationError)), "AuthenticationError (any 401)"},
	} {
		body := fmt.Sprintf(`{"code":%q,"title":"x","status":%d}`, tc.code, tc.status)
		err := errorFromResponse(tc.status, http.Header{}, []byte(body), time.Now())
		if !tc.want(err) {
			t.Errorf("%d %s: got %T, want %s", tc.status, tc.code, err, tc.class)
		}
		if CodeOf(err) != Code(tc.code) {
			t.Errorf("%d %s: CodeOf = %q", tc.status, tc.code, CodeOf(err))
		}
	}
}

func TestErrorWithoutProblemBodyFallsBackToStatus(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   Code
	}{{502, "internal"}, {503, "unavailable"}, {404, "not_found"}, {418, "bad_request"}, {504, "timeout"}} {
		h := http.Header{"X-Request-Id": {"rid"}}
		e := AsError(errorFromResponse(tc.status, h, []byte("<html>bad gateway</html>"), time.Now()))
		if e == nil || e.Code != tc.want || e.RequestID != "rid" || e.Title == "" {
			t.Errorf("%d: %+v", tc.status, e)
		}
	}
}

func TestProblemFieldsAndMessage(t *testing.T) {
	body := `{"code":"validation_failed","title":"Invalid request","detail":"display_name is required",
		"request_id":"r1","errors":[{"path":"/body/display_name","message":"is required"}]}`
	err := errorFromResponse(400, http.Header{}, []byte(body), time.Now())
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Path != "/body/display_name" {
		t.Fatalf("%#v", err)
	}
	want := "400 validation_failed: Invalid request: display_name is required (request r1)"
	if err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
	var ce Error
	if !errors.As(fmt.Errorf("wrapped: %w", err), &ce) || ce.Details().RequestID != "r1" {
		t.Fatal("the Error interface does not reach the details through a wrap")
	}
}

func TestOAuthErrorBody(t *testing.T) {
	body := `{"error":"invalid_client","error_description":"unknown client"}`
	e := AsError(errorFromResponse(401, http.Header{}, []byte(body), time.Now()))
	if e.Code != "unauthenticated" || e.Detail != "invalid_client: unknown client" {
		t.Fatalf("%+v", e)
	}
}

func TestCodeOfForeignErrors(t *testing.T) {
	if CodeOf(errors.New("x")) != "" || AsError(nil) != nil {
		t.Fatal("non-SDK errors have no code")
	}
}
