import { setImmediate } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import {
  type AuditRecord,
  type AuditService,
  type EmitBatchRequest,
  type EmitBatchResponse,
  EmitBatchResponseSchema,
  type EmitRequest,
  type EmitResponse,
  EmitResponseSchema,
  type EmitResult,
  EmitResultSchema,
  type QueryRequest,
  type QueryResponse,
  QueryResponseSchema,
  type VerifyRequest,
  type VerifyResponse,
  VerifyResponseSchema,
} from "../../gen/proto/coresdk/v1/audit_pb.js";
import { ErrorCode } from "../../gen/proto/coresdk/v1/errors_pb.js";
import { flagRepaired, repairAuditRecord } from "../../lib/audit-repair.js";
import { inBandFailure } from "../errors/proto-error-code.js";
import { SidecarError } from "../errors/sidecar-error.js";
import type { AuditMetrics } from "./audit-metrics.js";
import type { AuditStore } from "./audit-store.js";
import { type AuditEntry, type ChainHead, type SealedRecord, sealRecord } from "./chain.js";
import { AuditCursors, type CursorScope } from "./query-cursor.js";
import { entryFromRequest, type MetadataMasker, toProto } from "./record-codec.js";
import { normalizeTimestamp } from "./timestamps.js";
import { verifyChain } from "./verify-chain.js";

/** Page size when a Query names none (the REST default). */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/** Most records one EmitBatch carries (the proto documents the same number). */
export const MAX_EMIT_BATCH = 512;
/**
 * Records of one EmitBatch handed to the store per event-loop turn, in order; between slices the
 * thread answers whatever else arrived (Admit above all). One slice still commits together.
 */
export const EMIT_SLICE = 32;

/** Injected collaborators; every one has a production default. */
export interface AuditServiceOptions {
  /** The clock for records emitted without a timestamp (tests freeze it). */
  now?: () => Date;
  /** Masks metadata before hashing and storing; wire the MaskingService's JSON masker here. */
  mask?: MetadataMasker;
  /** Secret for Query cursor MACs (32+ bytes, or text); without one, validated but forgeable. */
  cursorKey?: string | Uint8Array;
  /** Counts repaired and unrepairable records (the sidecar's `/metrics`). */
  metrics?: AuditMetrics;
}

/**
 * The AuditService implementation with concrete response types, so direct callers (tests,
 * `cpod dev`) read responses without casts; it is a ServiceImpl<typeof AuditService> as well.
 */
export interface AuditServiceImpl extends ServiceImpl<typeof AuditService> {
  emit(req: EmitRequest, ctx?: HandlerContext): Promise<EmitResponse>;
  emitBatch(req: EmitBatchRequest, ctx?: HandlerContext): Promise<EmitBatchResponse>;
  query(req: QueryRequest, ctx?: HandlerContext): Promise<QueryResponse>;
  verify(req: VerifyRequest, ctx?: HandlerContext): Promise<VerifyResponse>;
}

/** One batch record's outcome: its stored record, or its own failure (never a thrown error). */
async function settle(work: () => Promise<AuditRecord>): Promise<EmitResult> {
  try {
    const value = await work();
    return create(EmitResultSchema, { result: { case: "record", value } });
  } catch (error) {
    return create(EmitResultSchema, { result: { case: "failure", value: inBandFailure(error) } });
  }
}

/**
 * A batch record made to satisfy EmitRequest's rules (lib/audit-repair.ts, which reads them from
 * the proto) instead of being refused: every answered request reaches a chain (DESIGN.md §4).
 * A timestamp that matches the pattern but names no instant is dropped too ("now"). Repaired
 * fields are listed in `metadata.repaired`, which is hashed with the record, and counted.
 */
function repairedRequest(raw: EmitRequest, metrics: AuditMetrics | undefined): EmitRequest {
  const repair = repairAuditRecord(raw);
  let record = repair.record;
  const fields: string[] = repair.repaired;
  if (record.timestamp !== undefined && !normalizeTimestamp(record.timestamp)) {
    fields.push("timestamp");
    record = { ...record, timestamp: undefined };
  }
  for (const field of fields) metrics?.repaired.inc({ field });
  return flagRepaired(record, fields);
}

/** Store failures are the audit store being down: `unavailable`, so callers queue and retry. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SidecarError) throw error;
    throw new SidecarError("unavailable", "the audit store is unavailable", { cause: error });
  }
}

/**
 * Seals `entry` after `head`, refusing one that cannot be hashed (NaN, lone surrogates) as
 * `validation_failed`. The store calls it once per attempt, so an unhashable entry fails only its
 * own append, and a good one is canonicalized and hashed once — not once more up front.
 */
function sealOrRefuse(tenantId: string, entry: AuditEntry, head: ChainHead): SealedRecord {
  try {
    return sealRecord(tenantId, entry, head);
  } catch (error) {
    throw new SidecarError("validation_failed", (error as Error).message);
  }
}

function scopeOf(req: QueryRequest): CursorScope {
  const bound = (text: string | undefined, name: string) => {
    if (text === undefined) return undefined;
    const normalized = normalizeTimestamp(text, "ceil");
    if (!normalized)
      throw new SidecarError("validation_failed", `${name} is not a valid RFC 3339 instant`);
    return normalized;
  };
  return {
    tenantId: req.tenantId,
    from: bound(req.from, "from"),
    to: bound(req.to, "to"),
    action: req.action,
  };
}

function limitOf(req: QueryRequest): number {
  const limit = req.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SidecarError("validation_failed", `limit must be 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

/**
 * AuditService (DESIGN.md §5, §7): Emit seals and appends through the store's per-tenant
 * compare-and-set, Query pages by sequence with filter-bound cursors, Verify recomputes the
 * whole chain in batches. Throws SidecarError; the error interceptor maps codes.
 *
 * @example
 *   router.service(AuditService, createAuditService(await SqlAuditStore.open(sql)));
 */
export function createAuditService(
  store: AuditStore,
  opts: AuditServiceOptions = {},
): AuditServiceImpl {
  const now = opts.now ?? (() => new Date());
  const cursors = new AuditCursors(opts.cursorKey);
  const countUnrepairable = (result: EmitResult): EmitResult => {
    const failure = result.result.case === "failure" ? result.result.value : undefined;
    if (failure?.code === ErrorCode.VALIDATION_FAILED) opts.metrics?.unrepairable.inc();
    return result;
  };
  async function append(req: EmitRequest): Promise<AuditRecord> {
    const entry = entryFromRequest(req, now, opts.mask);
    const { record } = await guarded(() =>
      store.append(req.tenantId, (head) => sealOrRefuse(req.tenantId, entry, head), {
        dedupKey: req.dedupKey,
      }),
    );
    return toProto(record);
  }
  return {
    async emit(req) {
      return create(EmitResponseSchema, { record: await append(req) });
    },
    /**
     * Every record is repaired where it breaks a rule (never refused for its content) and handed
     * to the store in request order, so the group commit writes each tenant's records together
     * and in order; each gets its own result (`unavailable` when the store is down).
     */
    async emitBatch(req) {
      const count = req.records.length;
      if (count < 1 || count > MAX_EMIT_BATCH) {
        throw new SidecarError("validation_failed", `records: 1 to ${MAX_EMIT_BATCH} items`);
      }
      const pending: Promise<EmitResult>[] = [];
      for (let i = 0; i < count; i += EMIT_SLICE) {
        // Admit calls share this thread: a 512-record batch checked and masked in one go held
        // them for milliseconds (the added latency at half load showed it).
        if (i > 0) await setImmediate();
        for (const raw of req.records.slice(i, i + EMIT_SLICE)) {
          const record = repairedRequest(raw, opts.metrics);
          pending.push(settle(() => append(record)).then(countUnrepairable));
        }
      }
      return create(EmitBatchResponseSchema, { results: await Promise.all(pending) });
    },
    async query(req) {
      const scope = scopeOf(req);
      const limit = limitOf(req);
      const afterSequence = req.cursor === undefined ? 0 : cursors.decode(scope, req.cursor);
      const rows = await guarded(() => store.query({ ...scope, afterSequence, limit: limit + 1 }));
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor =
        rows.length > limit && last ? cursors.encode(scope, last.sequence_id) : undefined;
      return create(QueryResponseSchema, { records: page.map(toProto), nextCursor });
    },
    async verify(req) {
      const verdict = await guarded(() => verifyChain(store, req.tenantId));
      return create(VerifyResponseSchema, {
        valid: verdict.valid,
        checked: BigInt(verdict.checked),
        firstInvalidSequence:
          verdict.firstInvalidSequence === undefined
            ? undefined
            : BigInt(verdict.firstInvalidSequence),
      });
    },
  };
}
