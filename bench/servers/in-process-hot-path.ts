import {
  create,
  type DescMessage,
  type DescMethodUnary,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { AdmissionService } from "../../gen/proto/coresdk/v1/admission_pb.js";
import { AuditService } from "../../gen/proto/coresdk/v1/audit_pb.js";
import { LeanHandlerContext } from "../../lib/grpc/handler-context.js";
import type { SidecarHotPath } from "../../server/gateway/sidecar/hot-path.js";
import { requestRuleError } from "../../sidecar/server/rpc-outcome.js";
import type { SidecarImplementations } from "../../sidecar/services/registry.js";

type Impl<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: HandlerContext,
) => Promise<MessageInitShape<O>> | MessageInitShape<O>;

/**
 * One sidecar method called in-process, doing what the sidecar's lean gRPC path does around it
 * except the wire: the request message is built, checked against the proto's rules (a refusal is
 * thrown as the sidecar would answer it) and handed to the implementation with a handler context
 * of its own. No encoding, no HTTP/2, no second process.
 */
function direct<I extends DescMessage, O extends DescMessage>(
  method: DescMethodUnary<I, O>,
  impl: Impl<I, O>,
): (request: MessageInitShape<I>) => Promise<MessageShape<O>> {
  const route = { service: method.parent, method };
  return async (init) => {
    const request = create(method.input, init);
    const refusal = requestRuleError(method.input, request);
    if (refusal) throw refusal;
    const context = new LeanHandlerContext({ route, headers: {}, deadline: undefined });
    return create(method.output, await impl(request, context));
  };
}

/**
 * The gateway's per-request sidecar port served by the sidecar's own service implementations in
 * the gateway's process: the no-hop variant of the benchmark, so the table shows the same
 * admission and audit work with and without the hop. Only RateLimitService reads the context
 * (response headers), and the gateway reaches it through Admit, which does not.
 *
 * @example
 *   const sidecar = await buildSidecar(loadSidecarConfig(env));
 *   const hotPath = inProcessHotPath(sidecar.implementations);
 *   const client = new SidecarClient({ baseUrl, hotPath, credential }); // the gateway's sidecar port
 */
export function inProcessHotPath(impls: SidecarImplementations): SidecarHotPath {
  const { admission, audit } = impls;
  const admit = direct(AdmissionService.method.admit, admission.admit.bind(admission));
  const admitBatch = direct(
    AdmissionService.method.admitBatch,
    admission.admitBatch.bind(admission),
  );
  const emitBatch = direct(AuditService.method.emitBatch, audit.emitBatch.bind(audit));
  return {
    admit: (request) => admit(request),
    admitBatch: (request) => admitBatch(request),
    emitBatch: (request) => emitBatch(request),
    close: () => undefined,
  };
}
