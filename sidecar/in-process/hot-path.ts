import {
  create,
  type DescMessage,
  type DescMethodUnary,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import {
  AdmissionService,
  type AdmitBatchRequestSchema,
  type AdmitBatchResponse,
  type AdmitRequestSchema,
  type AdmitResponse,
} from "../../gen/proto/coresdk/v1/admission_pb.js";
import {
  AuditService,
  type EmitBatchRequestSchema,
  type EmitBatchResponse,
} from "../../gen/proto/coresdk/v1/audit_pb.js";
import { LeanHandlerContext } from "../../lib/grpc/handler-context.js";
import type { CallerGuard } from "../caller/caller-guard.js";
import { requestRuleError, toRpcError } from "../server/rpc-outcome.js";
import type { SidecarImplementations } from "../services/registry.js";

/**
 * The per-request methods as the gateway's `SidecarHotPath` port calls them (the same shape,
 * written out here because the sidecar does not import the gateway).
 */
export interface InProcessHotPath {
  admit(request: MessageInitShape<typeof AdmitRequestSchema>): Promise<AdmitResponse>;
  admitBatch(
    request: MessageInitShape<typeof AdmitBatchRequestSchema>,
  ): Promise<AdmitBatchResponse>;
  emitBatch(request: MessageInitShape<typeof EmitBatchRequestSchema>): Promise<EmitBatchResponse>;
  close(): void;
}

/** Who may call, as the lean gRPC server checks it; unset: every call is let in (benchmark). */
export interface InProcessCaller {
  guard: CallerGuard;
  /** The platform caller credential the calling program presents. */
  credential: string | undefined;
  /** Where internal failures go (never to the caller). */
  log: (error: unknown) => void;
}

type Impl<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: HandlerContext,
) => Promise<MessageInitShape<O>> | MessageInitShape<O>;

const ignore = () => undefined;

/**
 * One sidecar method called in-process, doing what the sidecar's lean gRPC path
 * (sidecar/server/lean-grpc.ts) does around it except the wire: the caller credential is checked
 * by the same guard, the request message is built and checked against the proto's rules, the
 * implementation gets a handler context of its own, and a failure is mapped as it would go on the
 * wire. No encoding, no HTTP/2, no second process.
 */
function direct<I extends DescMessage, O extends DescMessage>(
  method: DescMethodUnary<I, O>,
  impl: Impl<I, O>,
  caller: InProcessCaller | undefined,
): (request: MessageInitShape<I>) => Promise<MessageShape<O>> {
  const route = { service: method.parent, method };
  const label = `${method.parent.typeName}/${method.name}`;
  const log = caller?.log ?? ignore;
  return async (init) => {
    try {
      const request = create(method.input, init);
      const refusal =
        caller?.guard.credentialRefusal(label, caller.credential) ??
        requestRuleError(method.input, request);
      if (refusal) throw refusal;
      const context = new LeanHandlerContext({ route, headers: {}, deadline: undefined });
      return create(method.output, await impl(request, context));
    } catch (error) {
      throw toRpcError(error, log);
    }
  };
}

/**
 * The gateway's per-request sidecar port served by the sidecar's own service implementations in
 * the caller's process: the no-hop variant of the benchmark (same admission and audit work,
 * without the hop), and the gateway tests that are not about the wire. Only RateLimitService
 * reads the context (response headers), and the gateway reaches it through Admit, which does not.
 *
 * @example
 *   const sidecar = await buildSidecar(loadSidecarConfig(env));
 *   const client = SidecarClient.connect(address, { hotPath: inProcessHotPath(sidecar.implementations) });
 */
export function inProcessHotPath(
  impls: SidecarImplementations,
  caller?: InProcessCaller,
): InProcessHotPath {
  const admission = impls.admission;
  const admit = direct(AdmissionService.method.admit, admission.admit.bind(admission), caller);
  const admitBatch = direct(
    AdmissionService.method.admitBatch,
    admission.admitBatch.bind(admission),
    caller,
  );
  const emitBatch = direct(
    AuditService.method.emitBatch,
    impls.audit.emitBatch.bind(impls.audit),
    caller,
  );
  return { admit, admitBatch, emitBatch, close: ignore };
}
