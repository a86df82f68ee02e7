import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { CALLER_CREDENTIAL_HEADER } from "../../lib/caller-credential.js";
import { connectServerSpans } from "../../lib/tracing/rpc-spans.js";
import type { Tracing } from "../../lib/tracing/start-tracing.js";
import type { CallerGuard } from "../caller/caller-guard.js";
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

/**
 * Authenticates the caller before anything else looks at the request (caller-guard.ts): the
 * platform credential on every RPC but the public ones, and for tenant-scoped RPCs the caller's
 * access token, whose tenant, app, user and scopes replace whatever the request declared.
 * Sits before validation, so a stranger learns nothing — not even which field it got wrong.
 */
export function callerInterceptor(guard: CallerGuard): Interceptor {
  return (next) => async (req) => {
    const method = `${req.service.typeName}/${req.method.name}`;
    const refusal = guard.credentialRefusal(method, req.header.get(CALLER_CREDENTIAL_HEADER));
    if (refusal) throw refusal;
    const message = req.stream ? undefined : req.message;
    await guard.bindCaller(method, message, req.header.get("authorization"));
    return next(req);
  };
}

/**
 * Every interceptor of a Connect-served RPC, outermost first: the trace span (when tracing is
 * on, so it covers everything else), metrics (when counted), error
 * mapping, caller authentication, validation. The HTTP/2 server (start.ts) and the in-process
 * transport (sidecar/in-process) both take this list, so both enforce the same rules.
 */
export function rpcInterceptors(opts: {
  guard: CallerGuard;
  log: (error: unknown) => void;
  metrics?: SidecarMetrics;
  tracing?: Tracing | undefined;
}): Interceptor[] {
  return [
    ...(opts.tracing ? [connectServerSpans(opts.tracing)] : []),
    ...(opts.metrics ? [metricsInterceptor(opts.metrics)] : []),
    errorInterceptor(opts.log),
    callerInterceptor(opts.guard),
    validationInterceptor(),
  ];
}
