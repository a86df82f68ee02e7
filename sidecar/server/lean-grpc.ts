import type { DescService } from "@bufbuild/protobuf";
import { CALLER_CREDENTIAL_HEADER } from "../../lib/caller-credential.js";
import { UnaryGrpcServer } from "../../lib/grpc/index.js";
import { leanServerSpans } from "../../lib/tracing/lean-server-spans.js";
import type { Tracing } from "../../lib/tracing/start-tracing.js";
import type { CallerGuard } from "../caller/caller-guard.js";
import { callerRule } from "../caller/caller-rules.js";
import type { SidecarMetrics } from "./metrics.js";
import { recordRpc, requestRuleError, toRpcError } from "./rpc-outcome.js";

/**
 * The per-request methods the gateway calls on every request, served by the lean gRPC path
 * instead of connect-node. A name the registry does not (yet) serve is skipped, so listing a
 * method before its service lands is harmless.
 */
export const LEAN_METHODS: readonly string[] = [
  "coresdk.v1.AdmissionService/Admit",
  "coresdk.v1.AdmissionService/AdmitBatch",
  "coresdk.v1.AuditService/EmitBatch",
  "coresdk.v1.AuditService/Emit",
  "coresdk.v1.AuthService/ValidateToken",
  "coresdk.v1.AuthService/Authorize",
  "coresdk.v1.RateLimitService/Check",
];

/** What the sidecar's lean gRPC dispatcher is built from. */
export interface LeanGrpcOptions {
  /** The registry's `servicePairs(impls)`: the same pairs connect-node serves. */
  services: Iterable<readonly [DescService, object]>;
  /** Which of them to serve lean (default LEAN_METHODS). */
  methods?: readonly string[];
  /** Where to count calls (the connect path's metrics registry). */
  metrics?: SidecarMetrics;
  /** Where internal failures go (never to the client). */
  log: (error: unknown) => void;
  /** Who may call (the connect path's guard): every lean call needs the platform credential. */
  guard: CallerGuard;
  /** When tracing is on: a server span per call, continuing the caller's `traceparent`. */
  tracing?: Tracing | undefined;
}

/**
 * The sidecar's lean gRPC dispatcher: the same validation, error mapping and metrics as the
 * connect interceptors (shared through rpc-outcome.ts), on the minimal node:http2 transport.
 *
 * @example
 *   const lean = createLeanGrpc({ services: servicePairs(impls), metrics, log, guard });
 *   await listenSidecar({ routes, listen, interceptors, lean });
 */
export function createLeanGrpc(options: LeanGrpcOptions): UnaryGrpcServer {
  const { metrics, log, guard } = options;
  const methods = options.methods ?? LEAN_METHODS;
  // A tenant-scoped RPC binds its caller from a token (async); this path only checks headers.
  const tenantScoped = methods.filter((m) => callerRule(m).kind === "tenant");
  if (tenantScoped.length > 0) {
    throw new TypeError(`createLeanGrpc: tenant-scoped methods stay on connect: ${tenantScoped}`);
  }
  return new UnaryGrpcServer({
    services: options.services,
    methods,
    admit: (route, headers) =>
      guard.credentialRefusal(route.label, headers[CALLER_CREDENTIAL_HEADER]),
    check: (method, request) => requestRuleError(method.input, request),
    toFailure: (error) => toRpcError(error, log),
    onFinish: metrics
      ? (route, status, startedAt) => recordRpc(metrics, route.label, status, startedAt)
      : undefined,
    trace: options.tracing ? leanServerSpans(options.tracing) : undefined,
  });
}
