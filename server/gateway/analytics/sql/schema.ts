import type { StoredEvent } from "../types.js";

/** The one table, created by the adapter with this exact statement. */
export const EVENTS_TABLE = "events";

/**
 * The `events` table, the same on a ClickHouse server and on the embedded one.
 *
 * Why these columns:
 * - `properties String` holds the masked properties as canonical JSON (`JSON.stringify`), read
 *   with `JSONExtract*(properties, {name:String})`: the property name is a bound parameter, so no
 *   identifier is ever spliced, and JSON keeps each value's type (string / number / bool), which
 *   a `Map(String, String)` would lose. Hot properties can later become MATERIALIZED columns
 *   without changing the API.
 * - `user_id String` with `''` for "no user": plain String avoids Nullable's extra null map;
 *   `uniq_users` skips `''`.
 * - `event LowCardinality(String)`: few distinct names, dictionary-encoded.
 *
 * Why this layout (the scale note): `ORDER BY (tenant_id, event, ts)` makes every query — always
 * one tenant, one event, a time range — a contiguous range of the primary index; `PARTITION BY
 * toYYYYMM(ts)` lets the 366-day range limit prune to at most 13 monthly partitions and lets old
 * months be dropped or moved to cold storage as a unit. Outgrowing one machine means
 * `ReplicatedMergeTree` plus a `Distributed` table sharded by `cityHash64(tenant_id)`: same
 * columns, same ordering key, so queries stay single-shard per tenant.
 */
export const CREATE_EVENTS_TABLE = `CREATE TABLE IF NOT EXISTS ${EVENTS_TABLE} (
  tenant_id String,
  app_id String,
  event LowCardinality(String),
  ts DateTime64(3, 'UTC'),
  user_id String,
  properties String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant_id, event, ts)`;

/** One row as sent in `JSONEachRow` format by both adapters. */
export interface EventRow {
  tenant_id: string;
  app_id: string;
  event: string;
  ts: string;
  user_id: string;
  properties: string;
}

/**
 * Encodes a stored event as a `JSONEachRow` row. The timestamp is written as UTC text with
 * milliseconds so the column's `'UTC'` zone, not the server's, decides its meaning.
 */
export function toEventRow(e: StoredEvent): EventRow {
  return {
    tenant_id: e.tenantId,
    app_id: e.appId,
    event: e.event,
    ts: toChDateTime(e.ts),
    user_id: e.userId,
    properties: JSON.stringify(e.properties),
  };
}

/** `1735689600123` → `"2025-01-01 00:00:00.123"` (UTC), the DateTime64(3) text form. */
export function toChDateTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

/** `"2025-01-01 00:00:00"` (UTC, from a `DateTime('UTC')` column) → ISO-8601 with `Z`. */
export function fromChDateTime(text: string): string {
  return `${text.replace(" ", "T")}Z`;
}
