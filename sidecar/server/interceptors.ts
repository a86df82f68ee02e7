import { ConnectError, type Interceptor } from "@connectrpc/connect";
import type { SidecarMetrics } from "./metrics.js";
import { recordRpc, requestRuleError, toRpcError } from "./rpc-outcome.js";

/** Counts every RPC and times it, labelled with the final Connect code. Outermost. */
export function metricsInterceptor(metrics: SidecarMetrics): Interceptor {
  return (next) => async (req) => {
    const method = `${req.service.typeName}/${req.method.name}`;
    const started = performance.now();
    try {
      const res = await next(req);
      recordRpc(metrics, method, 0, started);
      return res;
    } catch (error) {
      recordRpc(metrics, method, ConnectError.from(error).code, started);
      throw error;
    }
  };
}

/**
 * Logs internal failures, and turns anything thrown that is not already a ConnectError (a bug, a
 * driver error) into `internal` with no internals on the wire.
 */
export function errorInterceptor(log: (error: unknown) => void): Interceptor {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (error) {
      throw toRpcError(error, log);
    }
  };
}

/**
 * Checks every unary request against the protovalidate rules in the proto before a service sees
 * it. The error names fields and rule ids, never the offending values (they may be secrets).
 */
export function validationInterceptor(): Interceptor {
  return (next) => async (req) => {
    if (!req.stream) {
      const refusal = requestRuleError(req.method.input, req.message);
      if (refusal) throw refusal;
    }
    return next(req);
  };
}
