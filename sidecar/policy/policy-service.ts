import { create, fromJson, type JsonValue } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  DryRunResponseSchema,
  EvaluateResponseSchema,
  GetBundleStatusResponseSchema,
  type PolicyService,
  ReloadBundleResponseSchema,
} from "../../gen/proto/coresdk/v1/policy_pb.js";
import { DECISION_ENTRYPOINT, type OpaPolicyEngine } from "./opa-policy-engine.js";

/** `allow`/`reasons` when the result is a decision document; deny otherwise. */
function decisionOf(result: unknown): { allow: boolean; reasons: string[] } {
  const r = result as { allow?: unknown; reasons?: unknown };
  const allow = r?.allow === true;
  const reasons = Array.isArray(r?.reasons)
    ? r.reasons.filter((x): x is string => typeof x === "string")
    : [];
  return { allow, reasons };
}

/** The result as a protobuf Value (through its JSON mapping; undefined becomes null). */
function toValue(result: unknown) {
  return fromJson(ValueSchema, (result ?? null) as JsonValue);
}

/** PolicyService over the shared engine: Evaluate and DryRun never enforce anything themselves. */
export function createPolicyService(deps: {
  engine: OpaPolicyEngine;
}): ServiceImpl<typeof PolicyService> {
  const { engine } = deps;
  return {
    evaluate(request) {
      const result = engine.evaluate(request.input ?? {}, request.query ?? DECISION_ENTRYPOINT);
      const version = engine.version;
      return create(EvaluateResponseSchema, {
        result: toValue(result),
        ...decisionOf(result),
        policyVersion: version,
      });
    },
    async dryRun(request) {
      const query = request.query ?? DECISION_ENTRYPOINT;
      const input = request.input ?? {};
      const result = request.data
        ? await engine.dryRun(input, request.data, query)
        : engine.evaluate(input, query);
      const version = engine.version;
      return create(DryRunResponseSchema, {
        result: toValue(result),
        ...decisionOf(result),
        policyVersion: version,
      });
    },
    getBundleStatus() {
      const status = engine.status();
      return create(GetBundleStatusResponseSchema, {
        loaded: true,
        policyVersion: status.version,
        loadedAt: status.loadedAt.toISOString(),
        entrypoints: status.entrypoints,
        lastReloadError: status.lastReloadError ?? "",
      });
    },
    async reloadBundle() {
      const { changed, version, loadedAt } = await engine.reload();
      return create(ReloadBundleResponseSchema, {
        changed,
        policyVersion: version,
        loadedAt: loadedAt.toISOString(),
      });
    },
  };
}
