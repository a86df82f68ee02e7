// Review M1: how a failed audit read from the sidecar reaches the admin. A refusal of the control
// plane's own reader token is a misconfiguration between the two programs (500, cause logged),
// not a bad admin token (401/403); a deadline is the contract's 503, not an undeclared 504.
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { auditProblem } from "../../server/control-plane/audit/audit-problem.js";

const refusal = (code: Code, cpodCode: string) =>
  new ConnectError("refused", code, { "cpod-error-code": cpodCode });

describe("auditProblem", () => {
  it.each([
    { given: refusal(Code.Unauthenticated, "invalid_token"), want: [500, "internal"] },
    { given: refusal(Code.Unauthenticated, "unauthenticated"), want: [500, "internal"] },
    { given: refusal(Code.PermissionDenied, "permission_denied"), want: [500, "internal"] },
    { given: new ConnectError("slow", Code.DeadlineExceeded), want: [503, "unavailable"] },
    { given: refusal(Code.InvalidArgument, "validation_failed"), want: [400, "invalid_cursor"] },
    { given: refusal(Code.NotFound, "not_found"), want: [404, "not_found"] },
    { given: new ConnectError("gone", Code.Unavailable), want: [503, "unavailable"] },
  ])("$given.rawMessage ($given.code) → $want", ({ given, want }) => {
    const problem = auditProblem(given);
    expect([problem.status, problem.code]).toEqual(want);
  });

  it("logs why a reader-token refusal is a misconfiguration, keeping the sidecar's error", () => {
    const given = refusal(Code.Unauthenticated, "invalid_token");
    const cause = auditProblem(given).cause as Error;
    expect(cause.message).toMatch(/reader token \(invalid_token\): check its issuer, audience/);
    expect(cause.cause).toBe(given);
  });

  it("an unknown signing key (rotations within the sidecar's refetch cooldown) is retry-later", () => {
    const given = new ConnectError(
      "the caller's access token was rejected (unknown_kid)",
      Code.Unauthenticated,
      { "cpod-error-code": "invalid_token", "cpod-token-reject-reason": "unknown_kid" },
    );
    const problem = auditProblem(given);
    expect([problem.status, problem.code, problem.headers]).toEqual([
      503,
      "unavailable",
      { "retry-after": "5" },
    ]);
  });

  it("a deadline tells the client when to retry", () => {
    const problem = auditProblem(new ConnectError("slow", Code.DeadlineExceeded));
    expect(problem.headers).toEqual({ "retry-after": "1" });
  });
});
