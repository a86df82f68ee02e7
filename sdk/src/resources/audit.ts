import { type Caller, isoTime } from "../caller.js";
import { type ListResponse, PagePromise } from "../pagination.js";
import type { RequestOptions } from "../request-options.js";
import type { AuditRecord, AuditVerifyResult } from "../types.js";

/** Which audit records to list; `from` is inclusive, `to` exclusive. */
export interface AuditListParams {
  from?: string | Date;
  to?: string | Date;
  /** Only this action, e.g. `kv.put`. */
  action?: string;
  limit?: number;
}

/**
 * The tenant's hash-chained audit log (`/v1/audit`), read-only.
 *
 * @example
 *   for await (const record of client.audit.list({ action: "kv.put" })) console.log(record.sequence_id);
 *   const { valid } = await client.audit.verify();
 */
export class Audit {
  readonly #caller: Caller;

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /** Records in ascending `sequence_id` order, each with its `record_hash`. */
  list(params: AuditListParams = {}, options?: RequestOptions): PagePromise<AuditRecord> {
    const query = {
      from: isoTime(params.from),
      to: isoTime(params.to),
      action: params.action,
      limit: params.limit,
    };
    return new PagePromise(async (cursor) => {
      const call = {
        method: "GET",
        path: "/v1/audit/events",
        query: { ...query, cursor },
        options,
      };
      return (await this.#caller.app<ListResponse<AuditRecord>>(call)).data;
    });
  }

  /** Recomputes the whole chain on the server; `valid: false` names the first bad record. */
  async verify(options?: RequestOptions): Promise<AuditVerifyResult> {
    const call = { method: "GET", path: "/v1/audit/verify", options };
    return (await this.#caller.app<AuditVerifyResult>(call)).data;
  }
}
