import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type AdmissionService,
  type AdmitBatchResponse,
  AdmitBatchResponseSchema,
  AdmitFailureSchema,
  type AdmitRequest,
  AdmitRequestSchema,
  type AdmitResponse,
  AdmitResponseSchema,
  AdmitVerdict,
} from "../../gen/proto/coresdk/v1/admission_pb.js";
import type { AuthorizeResponse } from "../../gen/proto/coresdk/v1/auth_pb.js";
import { ErrorCode } from "../../gen/proto/coresdk/v1/errors_pb.js";
import type { TokenVerdict } from "../auth/token-validator.js";
import { inBandFailure } from "../errors/proto-error-code.js";
import { SidecarError } from "../errors/sidecar-error.js";
import type { AuthorizeInput } from "../policy/authorizer.js";
import type { RateCheckInput, RateOutcome } from "../ratelimit/rate-limit-service.js";
import { ruleViolations } from "../validation/message-rules.js";

/** The three steps, as the services that also serve them one by one implement them. */
export interface AdmissionDeps {
  validate: (token: string) => Promise<TokenVerdict>;
  authorize: (input: AuthorizeInput) => Promise<AuthorizeResponse>;
  checkRate: (input: RateCheckInput) => Promise<RateOutcome>;
  /** A monotonic clock in milliseconds, for the step timings (tests may fix it). */
  now?: () => number;
}

/** Most admissions one AdmitBatch carries (the gateway sends one event-loop turn's worth). */
export const MAX_ADMIT_BATCH = 256;

type Step = "ValidateToken" | "Authorize" | "Check";

const micros = (ms: number) => Math.min(0xffff_ffff, Math.max(0, Math.round(ms * 1000)));

/** One admission: each step runs only when the one before passed; a thrown step is FAILED. */
async function admitOne(
  deps: AdmissionDeps,
  now: () => number,
  request: AdmitRequest,
): Promise<AdmitResponse> {
  const response = create(AdmitResponseSchema, { timings: {} });
  const timings = response.timings as NonNullable<AdmitResponse["timings"]>;
  let step: Step = "ValidateToken";
  let started = now();
  try {
    const token = await deps.validate(request.token);
    timings.validateUs = micros(now() - started);
    if (!token.valid) {
      response.verdict = AdmitVerdict.TOKEN_REJECTED;
      response.tokenRejectReason = token.reason;
      return response;
    }
    const claims = token.claims;
    response.claims = claims;
    step = "Authorize";
    started = now();
    const decision = await deps.authorize({
      subject: claims,
      action: request.action,
      resource: { type: request.resourceType, id: request.resourceId, tenantId: claims.tenantId },
    });
    timings.authorizeUs = micros(now() - started);
    if (!decision.allow) {
      response.verdict = AdmitVerdict.DENIED;
      response.reasons = decision.reasons;
      return response;
    }
    step = "Check";
    started = now();
    const { tenantId, appId } = claims;
    const rate = await deps.checkRate({
      tenantId,
      appId,
      routeClass: request.routeClass,
      cost: request.cost,
    });
    timings.ratelimitUs = micros(now() - started);
    response.rate = rate.response;
    response.rateDegraded = rate.degraded;
    response.verdict = rate.response.allowed ? AdmitVerdict.ADMITTED : AdmitVerdict.RATE_LIMITED;
    return response;
  } catch (error) {
    response.verdict = AdmitVerdict.FAILED;
    response.failure = create(AdmitFailureSchema, { ...inBandFailure(error), step });
    return response;
  }
}

/** A batch item that breaks AdmitRequest's rules, answered on its own. */
function invalid(problem: string): AdmitResponse {
  return create(AdmitResponseSchema, {
    verdict: AdmitVerdict.FAILED,
    failure: {
      code: ErrorCode.VALIDATION_FAILED,
      message: `invalid request: ${problem}`,
      step: "Admit",
    },
  });
}

/**
 * AdmissionService (DESIGN.md §4 steps 2–4 in one round trip): ValidateToken → Authorize →
 * RateLimit.Check in that order, stopping at the first refusal, with the same rules as the
 * single RPCs because it calls the same functions. The tenant of the resource is always the
 * verified token's. A step that cannot run is answered in-band (ADMIT_VERDICT_FAILED with the
 * step and code), so the gateway still has the claims when only the rate store is down and its
 * own fail mode may admit. AdmitBatch judges each request on its own, concurrently, so one slow
 * or failing request never holds up or fails another.
 *
 * @example
 *   router.service(AdmissionService, createAdmissionService({ validate, authorize, checkRate }));
 */
export function createAdmissionService(deps: AdmissionDeps): ServiceImpl<typeof AdmissionService> {
  const now = deps.now ?? (() => performance.now());
  return {
    admit: (request) => admitOne(deps, now, request),
    async admitBatch(request): Promise<AdmitBatchResponse> {
      const count = request.requests.length;
      if (count < 1 || count > MAX_ADMIT_BATCH) {
        throw new SidecarError("validation_failed", `requests: 1 to ${MAX_ADMIT_BATCH} items`);
      }
      const results = await Promise.all(
        request.requests.map((item) => {
          const problem = ruleViolations(AdmitRequestSchema, item);
          return problem === undefined ? admitOne(deps, now, item) : invalid(problem);
        }),
      );
      return create(AdmitBatchResponseSchema, { results });
    },
  };
}
