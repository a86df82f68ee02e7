// AdmissionService with recording fakes for its three steps: order, first refusal, in-band
// failures with their step, and batches whose items are judged each on its own.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  AdmitBatchRequestSchema,
  type AdmitBatchResponse,
  AdmitRequestSchema,
  type AdmitResponse,
  AdmitVerdict,
} from "../../../gen/proto/coresdk/v1/admission_pb.js";
import {
  AuthorizeResponseSchema,
  TokenClaimsSchema,
  TokenRejectReason,
} from "../../../gen/proto/coresdk/v1/auth_pb.js";
import { ErrorCode } from "../../../gen/proto/coresdk/v1/errors_pb.js";
import { CheckResponseSchema } from "../../../gen/proto/coresdk/v1/rate_limit_pb.js";
import { createAdmissionService } from "../../../sidecar/admission/admission-service.js";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import type { AuthorizeInput } from "../../../sidecar/policy/authorizer.js";
import type { RateCheckInput } from "../../../sidecar/ratelimit/rate-limit-service.js";

const claims = (tenantId: string) =>
  create(TokenClaimsSchema, { tenantId, appId: "app_1", sub: "app_1", scopes: ["kv.read"] });

/** Tokens are "ok:<tenant>", "bad", "down"; actions "kv.read" allowed, "kv.write" denied. */
function fakes(opts: { rate?: "allow" | "refuse" | "down" } = {}) {
  const calls: string[] = [];
  const authorized: AuthorizeInput[] = [];
  const charged: RateCheckInput[] = [];
  const svc = createAdmissionService({
    validate: async (token) => {
      calls.push(`validate:${token}`);
      if (token === "down") throw new SidecarError("unavailable", "JWKS unavailable");
      if (!token.startsWith("ok:"))
        return { valid: false, reason: TokenRejectReason.BAD_SIGNATURE };
      return { valid: true, claims: claims(token.slice(3)) };
    },
    authorize: async (input) => {
      calls.push(`authorize:${input.action}`);
      authorized.push(input);
      const allow = input.action === "kv.read";
      return create(AuthorizeResponseSchema, { allow, reasons: allow ? [] : ["missing_scope"] });
    },
    checkRate: async (input) => {
      calls.push(`check:${input.routeClass}`);
      charged.push(input);
      if (opts.rate === "down")
        throw new SidecarError("unavailable", "rate limit store unavailable");
      const allowed = opts.rate !== "refuse";
      const response = create(CheckResponseSchema, {
        allowed,
        limit: 10,
        remaining: allowed ? 9 : 0,
        resetMs: 1000,
        retryAfterMs: allowed ? 0 : 700,
      });
      return { response, degraded: false };
    },
  });
  return { svc, calls, authorized, charged };
}

const request = (token: string, action = "kv.read") =>
  create(AdmitRequestSchema, {
    token,
    action,
    resourceType: "kv",
    resourceId: "k1",
    routeClass: "get_kv_value",
  });

const admit = (svc: ReturnType<typeof fakes>["svc"], token: string, action?: string) =>
  svc.admit(request(token, action), undefined as never) as Promise<AdmitResponse>;

describe("AdmissionService.Admit", () => {
  it("runs validate → authorize → check in order and admits with claims and the rate", async () => {
    const { svc, calls, authorized, charged } = fakes();
    const verdict = await admit(svc, "ok:ten_a");
    expect(calls).toEqual(["validate:ok:ten_a", "authorize:kv.read", "check:get_kv_value"]);
    expect(verdict.verdict).toBe(AdmitVerdict.ADMITTED);
    expect(verdict.claims?.tenantId).toBe("ten_a");
    expect(verdict.rate).toMatchObject({ allowed: true, limit: 10, remaining: 9 });
    // The resource's tenant is the verified token's, never the caller's say.
    expect(authorized[0]?.resource).toEqual({ type: "kv", id: "k1", tenantId: "ten_a" });
    expect(charged[0]).toMatchObject({ tenantId: "ten_a", appId: "app_1" });
    expect(verdict.timings?.validateUs).toBeGreaterThanOrEqual(0);
  });

  it("stops at a rejected token: no policy, no charge", async () => {
    const { svc, calls } = fakes();
    const verdict = await admit(svc, "bad");
    expect(verdict.verdict).toBe(AdmitVerdict.TOKEN_REJECTED);
    expect(verdict.tokenRejectReason).toBe(TokenRejectReason.BAD_SIGNATURE);
    expect(verdict.claims).toBeUndefined();
    expect(calls).toEqual(["validate:bad"]);
  });

  it("stops at a deny: reasons, claims, no charge", async () => {
    const { svc, calls } = fakes();
    const verdict = await admit(svc, "ok:ten_a", "kv.write");
    expect(verdict.verdict).toBe(AdmitVerdict.DENIED);
    expect(verdict.reasons).toEqual(["missing_scope"]);
    expect(verdict.claims?.tenantId).toBe("ten_a");
    expect(calls).toEqual(["validate:ok:ten_a", "authorize:kv.write"]);
  });

  it("answers a refused rate check as RATE_LIMITED with the retry delay", async () => {
    const { svc } = fakes({ rate: "refuse" });
    const verdict = await admit(svc, "ok:ten_a");
    expect(verdict.verdict).toBe(AdmitVerdict.RATE_LIMITED);
    expect(verdict.rate).toMatchObject({ allowed: false, retryAfterMs: 700 });
  });

  it.each([
    ["down", undefined, "ValidateToken", undefined],
    ["ok:ten_a", "down", "Check", "ten_a"],
  ] as const)(
    "a step that cannot run (%s) is FAILED in-band with its step",
    async (token, rate, step, tenant) => {
      const { svc } = fakes({ rate });
      const verdict = await admit(svc, token);
      expect(verdict.verdict).toBe(AdmitVerdict.FAILED);
      expect(verdict.failure).toMatchObject({ code: ErrorCode.UNAVAILABLE, step });
      expect(verdict.claims?.tenantId).toBe(tenant);
    },
  );
});

describe("AdmissionService.AdmitBatch", () => {
  it("answers each request on its own, in order; a malformed one fails alone", async () => {
    const { svc } = fakes();
    const requests = [
      request("ok:ten_a"),
      request("bad"),
      create(AdmitRequestSchema, { ...request("ok:ten_b"), resourceId: "x".repeat(1025) }),
      request("ok:ten_b", "kv.write"),
      request("ok:ten_c"),
    ];
    const { results } = (await svc.admitBatch(
      create(AdmitBatchRequestSchema, { requests }),
      undefined as never,
    )) as AdmitBatchResponse;
    expect(results.map((r) => AdmitVerdict[r.verdict])).toEqual([
      "ADMITTED",
      "TOKEN_REJECTED",
      "FAILED",
      "DENIED",
      "ADMITTED",
    ]);
    expect(results[2]?.failure).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, step: "Admit" });
    expect(results[2]?.failure?.message).toContain("resource_id");
    expect(results[4]?.claims?.tenantId).toBe("ten_c");
  });

  it("answers an empty or oversized token in a batch as TOKEN_REJECTED, not as a bad call", async () => {
    const { svc } = fakes();
    const requests = [request(""), request("x".repeat(20_000)), request("ok:ten_a")];
    const { results } = (await svc.admitBatch(
      create(AdmitBatchRequestSchema, { requests }),
      undefined as never,
    )) as AdmitBatchResponse;
    expect(results.map((r) => AdmitVerdict[r.verdict])).toEqual([
      "TOKEN_REJECTED",
      "TOKEN_REJECTED",
      "ADMITTED",
    ]);
  });

  it.each([0, 257])("refuses a batch of %i requests as a whole", async (count) => {
    const { svc } = fakes();
    const requests = Array.from({ length: count }, () => request("ok:ten_a"));
    const error = await Promise.resolve(
      svc.admitBatch(create(AdmitBatchRequestSchema, { requests }), undefined as never),
    ).catch((e: unknown) => e);
    expect((error as SidecarError).errorCode).toBe("validation_failed");
  });
});
