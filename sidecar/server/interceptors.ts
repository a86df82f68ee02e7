import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator } from "@bufbuild/protovalidate";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { ERROR_CODE_HEADER, SidecarError } from "../errors/sidecar-error.js";
import type { SidecarMetrics } from "./metrics.js";

/** Counts every RPC and times it, labelled with the final Connect code. Outermost. */
export function metricsInterceptor(metrics: SidecarMetrics): Interceptor {
  return (next) => async (req) => {
    const method = `${req.service.typeName}/${req.method.name}`;
    const stop = metrics.rpcSeconds.startTimer({ method });
    try {
      const res = await next(req);
      metrics.rpcTotal.inc({ method, code: "ok" });
      return res;
    } catch (error) {
      metrics.rpcTotal.inc({ method, code: Code[ConnectError.from(error).code] ?? "unknown" });
      throw error;
    } finally {
      stop();
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
      if (error instanceof SidecarError) {
        if (error.errorCode === "internal") log(error);
        throw error;
      }
      if (error instanceof ConnectError) throw error;
      log(error);
      throw SidecarError.from(error);
    }
  };
}

/**
 * Checks every unary request against the protovalidate rules in the proto before a service sees
 * it. The error names fields and rule ids, never the offending values (they may be secrets).
 */
export function validationInterceptor(): Interceptor {
  const validator = createValidator();
  return (next) => async (req) => {
    if (!req.stream) {
      const result = validator.validate(req.method.input, req.message);
      if (result.kind !== "valid") {
        const detail =
          result.kind === "invalid"
            ? result.violations.map((v) => `${pathToString(v.field)}: ${v.ruleId}`).join("; ")
            : "request could not be validated";
        const metadata = new Headers({ [ERROR_CODE_HEADER]: "validation_failed" });
        throw new ConnectError(`invalid request: ${detail}`, Code.InvalidArgument, metadata);
      }
    }
    return next(req);
  };
}
