import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { SidecarError } from "../errors/sidecar-error.js";
import { ruleViolations } from "../validation/message-rules.js";
import type { SidecarMetrics } from "./metrics.js";

/**
 * What every sidecar RPC path does around a call — validation refusal, error mapping and metric
 * labels — in one place, so connect's interceptors (interceptors.ts) and the lean gRPC path
 * (lean-grpc.ts) answer and count the same call the same way.
 */

/**
 * The refusal for a request that breaks the proto's protovalidate rules, or undefined when it
 * passes: INVALID_ARGUMENT "invalid request: <field>: <rule id>; …" with `cpod-error-code:
 * validation_failed`. It names fields and rule ids, never the offending values.
 *
 * @example
 *   const refusal = requestRuleError(method.input, request);
 *   if (refusal) throw refusal;
 */
export function requestRuleError<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): SidecarError | undefined {
  const detail = ruleViolations(schema, message);
  return detail === undefined
    ? undefined
    : new SidecarError("validation_failed", `invalid request: ${detail}`);
}

/**
 * What goes on the wire for anything an implementation threw: a SidecarError or ConnectError as
 * it is (logged when it is `internal`), anything else (a bug, a driver error) logged and turned
 * into `internal` "internal error" with no internals.
 *
 * @example
 *   catch (error) { throw toRpcError(error, log); }
 */
export function toRpcError(error: unknown, log: (error: unknown) => void): ConnectError {
  if (error instanceof SidecarError) {
    if (error.errorCode === "internal") log(error);
    return error;
  }
  if (error instanceof ConnectError) return error;
  log(error);
  return SidecarError.from(error);
}

/**
 * The `code` label of `coresdk_rpc_total`: "ok" for success, else the Connect code's name
 * ("InvalidArgument", "NotFound"; gRPC status numbers are Connect codes).
 *
 * @example
 *   rpcCodeLabel(5); // "NotFound"
 */
export function rpcCodeLabel(code: number): string {
  return code === 0 ? "ok" : (Code[code] ?? "unknown");
}

/**
 * Counts one finished RPC and observes its latency since `startedAtMs` (performance.now()).
 *
 * @example
 *   recordRpc(metrics, "coresdk.v1.AuthService/ValidateToken", 0, started);
 */
export function recordRpc(
  metrics: SidecarMetrics,
  method: string,
  code: number,
  startedAtMs: number,
): void {
  metrics.rpcTotal.inc({ method, code: rpcCodeLabel(code) });
  metrics.rpcSeconds.observe({ method }, (performance.now() - startedAtMs) / 1000);
}
