import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../gen/errors/codes.js";
import { ERROR_CLASSES, errorFromResponse } from "../../sdk/src/error-mapping.js";
import {
  AuthenticationError,
  ConflictError,
  CpodError,
  isCpodError,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../sdk/src/index.js";

const NOW = Date.UTC(2025, 3, 15);
const from = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  errorFromResponse(
    status,
    new Headers(headers),
    typeof body === "string" ? body : JSON.stringify(body),
    NOW,
  );

describe("errors", () => {
  it.each([
    [400, "validation_failed", ValidationError],
    [400, "invalid_filter", ValidationError],
    [401, "invalid_token", AuthenticationError],
    [403, "permission_denied", PermissionDeniedError],
    [403, "tenant_suspended", PermissionDeniedError],
    [404, "not_found", NotFoundError],
    [409, "conflict", ConflictError],
    [409, "idempotency_conflict", ConflictError],
    [412, "precondition_failed", PreconditionFailedError],
    [429, "rate_limited", RateLimitError],
    [500, "internal", ServerError],
    [503, "unavailable", ServerError],
    [408, "timeout", TimeoutError],
  ])("%i %s → %o", (status, code, Class) => {
    const error = from(status, { title: "T", status, code, detail: "D", request_id: "req_9" });
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(CpodError);
    expect(error).toMatchObject({ status, code, title: "T", detail: "D", requestId: "req_9" });
    expect(error.name).toBe(Class.name);
  });

  it("maps every contract error code to a class", () => {
    expect(Object.keys(ERROR_CLASSES).sort()).toEqual([...ERROR_CODES].sort());
  });

  it("falls back on the status when the body is not a Problem", () => {
    const error = from(502, "<html>bad gateway</html>", { "x-request-id": "req_h" });
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: "internal", requestId: "req_h", detail: undefined });
    expect(from(404, "")).toBeInstanceOf(NotFoundError);
  });

  it("carries the failing fields of a validation error", () => {
    const errors = [{ path: "/body/display_name", message: "is required" }];
    const error = from(400, { code: "validation_failed", title: "Validation failed", errors });
    expect((error as ValidationError).fields).toEqual(errors);
  });

  it("carries Retry-After on RateLimitError", () => {
    const error = from(429, { code: "rate_limited", title: "Too many" }, { "retry-after": "12" });
    expect((error as RateLimitError).retryAfter).toBe(12);
  });

  it("reads RFC 6749 OAuth errors into detail", () => {
    const error = from(400, {
      error: "invalid_scope",
      error_description: "audit.read is not declared",
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.detail).toBe("invalid_scope: audit.read is not declared");
  });

  it("keeps the cause", () => {
    const cause = new Error("socket hang up");
    const error = new ServerError({ status: 502, code: "internal", title: "x", cause });
    expect(error.cause).toBe(cause);
  });

  it("isCpodError recognises errors from another copy of the module", async () => {
    // A query string makes Vite load errors.ts a second time: a separate module instance with
    // its own classes, as two installed copies of the SDK would have.
    const second = "../../sdk/src/errors.js?copy=2";
    const other = (await import(
      /* @vite-ignore */ second
    )) as typeof import("../../sdk/src/errors.js");
    const foreign = new other.NotFoundError({ status: 404, code: "not_found", title: "Not found" });
    expect(foreign).not.toBeInstanceOf(NotFoundError);
    expect(isCpodError(foreign)).toBe(true);
    expect(
      other.isCpodError(new RateLimitError({ status: 429, code: "rate_limited", title: "x" })),
    ).toBe(true);
    expect(isCpodError(new Error("plain"))).toBe(false);
    expect(isCpodError({ code: "not_found", status: 404 })).toBe(false);
    expect(isCpodError(null)).toBe(false);
  });
});
