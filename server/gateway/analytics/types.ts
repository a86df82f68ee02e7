import type { components } from "../../../gen/openapi/gateway.js";

/** One incoming event, exactly as the contract's `AnalyticsEvent`. */
export type AnalyticsEvent = components["schemas"]["AnalyticsEvent"];
/** The structured query of `POST /v1/analytics/query`; callers never send SQL. */
export type AnalyticsQuery = components["schemas"]["AnalyticsQuery"];
/** One filter of a query (all filters are ANDed). */
export type AnalyticsFilter = components["schemas"]["AnalyticsFilter"];
/** One result row: time bucket, group values and the aggregate. */
export type AnalyticsRow = components["schemas"]["AnalyticsRow"];
/** A property value as stored: scalars only, so every property stays queryable. */
export type PropertyValue = string | number | boolean | null;
/** An event's properties, keyed by property name. */
export type EventProperties = Record<string, PropertyValue>;

/**
 * Who is calling. Always taken from the verified token by the gateway, never from the request
 * body: the tenant is bound into every statement from here and nowhere else.
 */
export interface AnalyticsCaller {
  tenantId: string;
  appId: string;
  /** The token's user; the default `user_id` of events that carry none. */
  userId?: string;
}

/** An event after validation and masking, stamped with its tenant and app: one table row. */
export interface StoredEvent {
  tenantId: string;
  appId: string;
  event: string;
  /** Epoch milliseconds, UTC. */
  ts: number;
  /** `""` when the event has no user (the column is a plain String, see schema.ts). */
  userId: string;
  properties: EventProperties;
}

/**
 * The store port. Adapters only execute the SQL built in `sql/` (one module, shared by both
 * adapters, so the embedded engine runs exactly what production runs); validation, masking and
 * limits live in AnalyticsService above the port.
 *
 * @example
 *   await store.insert([{ tenantId, appId, event: "login", ts: Date.now(), userId: "", properties: {} }]);
 */
export interface AnalyticsStore {
  /** Creates the `events` table when missing. Idempotent. */
  migrate(): Promise<void>;
  /** Appends rows; the whole batch or nothing (one INSERT). */
  insert(events: readonly StoredEvent[]): Promise<void>;
  /** Runs a compiled, parameterised SELECT and returns its JSON rows. */
  select(statement: CompiledStatement): Promise<Record<string, unknown>[]>;
  /** Releases connections / the embedded session. */
  close(): Promise<void>;
}

/** SQL text plus its server-side parameters (`{name:Type}` placeholders). */
export interface CompiledStatement {
  sql: string;
  params: Record<string, unknown>;
}
