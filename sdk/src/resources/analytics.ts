import { type Caller, isoTime } from "../caller.js";
import type { RequestOptions } from "../request-options.js";
import type { AnalyticsEvent, AnalyticsQuery, AnalyticsResult, IngestResult } from "../types.js";

/** An event to ingest; `timestamp` may be a `Date`. */
export type AnalyticsEventInput = Omit<AnalyticsEvent, "timestamp" | "properties"> & {
  timestamp: string | Date;
  properties?: AnalyticsEvent["properties"];
};

/** An aggregate query; `from` and `to` may be `Date`s. */
export type AnalyticsQueryInput = Omit<AnalyticsQuery, "from" | "to"> & {
  from: string | Date;
  to: string | Date;
};

/**
 * Event ingestion and structured aggregate queries (`/v1/analytics`); never raw SQL.
 *
 * @example
 *   await client.analytics.ingest([{ name: "signup", timestamp: new Date(), properties: { plan: "pro" } }]);
 *   const { rows } = await client.analytics.query({ event: "signup", from, to, aggregate: "count" });
 */
export class Analytics {
  readonly #caller: Caller;

  constructor(caller: Caller) {
    this.#caller = caller;
  }

  /**
   * Stores up to 1000 events as one batch (all or nothing). Its `Idempotency-Key` is reused
   * by retries, so a retry after a lost answer does not count the events twice.
   */
  async ingest(events: AnalyticsEventInput[], options?: RequestOptions): Promise<IngestResult> {
    const batch = events.map((event) => ({
      ...event,
      timestamp: isoTime(event.timestamp),
      properties: event.properties ?? {},
    }));
    const call = {
      method: "POST",
      path: "/v1/analytics/events",
      body: { kind: "json" as const, value: { events: batch } },
      options,
    };
    return (await this.#caller.app<IngestResult>(call)).data;
  }

  /** Aggregates one event over `[from, to)`, optionally bucketed and grouped. */
  async query(query: AnalyticsQueryInput, options?: RequestOptions): Promise<AnalyticsResult> {
    const body = { ...query, from: isoTime(query.from), to: isoTime(query.to) };
    const call = {
      method: "POST",
      path: "/v1/analytics/query",
      body: { kind: "json" as const, value: body },
      options,
    };
    return (await this.#caller.app<AnalyticsResult>(call)).data;
  }
}
