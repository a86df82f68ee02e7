import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  AdmitBatchRequestSchema,
  AdmitBatchResponse,
  AdmitRequestSchema,
  AdmitResponse,
} from "../../../gen/proto/coresdk/v1/admission_pb.js";
import type {
  EmitBatchRequestSchema,
  EmitBatchResponse,
} from "../../../gen/proto/coresdk/v1/audit_pb.js";

/** Per-call options the hot path honours. */
export interface HotCallOptions {
  timeoutMs: number;
  /** Extra metadata (lower-case names): the trace context, when tracing is on. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * The sidecar methods every request pays for — Admit (alone or batched) and EmitBatch — as one
 * port, so the transport under them is a choice of the composition root: the lean gRPC client
 * over `node:http2` in production, the sidecar's own services in-process where a benchmark
 * measures the work without the hop. Requests are plain init shapes; the transport encodes them.
 */
export interface SidecarHotPath {
  admit(
    request: MessageInitShape<typeof AdmitRequestSchema>,
    opts: HotCallOptions,
  ): Promise<AdmitResponse>;
  admitBatch(
    request: MessageInitShape<typeof AdmitBatchRequestSchema>,
    opts: HotCallOptions,
  ): Promise<AdmitBatchResponse>;
  emitBatch(
    request: MessageInitShape<typeof EmitBatchRequestSchema>,
    opts: HotCallOptions,
  ): Promise<EmitBatchResponse>;
  /** Releases the connection (app close). */
  close(): void;
}
