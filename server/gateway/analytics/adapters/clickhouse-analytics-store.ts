import { createClient } from "@clickhouse/client";
import { CREATE_EVENTS_TABLE, EVENTS_TABLE, type EventRow, toEventRow } from "../sql/schema.js";
import type { AnalyticsStore, CompiledStatement, StoredEvent } from "../types.js";

/**
 * The part of `@clickhouse/client`'s ClickHouseClient this adapter uses. Declared here so tests
 * can inject a recording fake and prove exactly which SQL and parameters go over the wire.
 */
export interface ClickHouseLike {
  command(params: { query: string }): Promise<unknown>;
  insert(params: { table: string; values: EventRow[]; format: "JSONEachRow" }): Promise<unknown>;
  query(params: {
    query: string;
    query_params: Record<string, unknown>;
    format: "JSONEachRow";
  }): Promise<{ json<T>(): Promise<T[]> }>;
  close(): Promise<void>;
}

/**
 * AnalyticsStore on a ClickHouse server through its HTTP interface — a production server, or the
 * embedded one `cpod dev` starts (open-embedded-analytics.ts). It sends the statements of
 * `sql/` unchanged; the values travel as
 * ClickHouse query parameters (`param_<name>` on the HTTP request), never in the SQL text.
 *
 * @example
 *   const store = ClickHouseAnalyticsStore.connect(process.env.CPOD_CLICKHOUSE_URL!);
 *   await store.migrate();
 */
export class ClickHouseAnalyticsStore implements AnalyticsStore {
  readonly #client: ClickHouseLike;

  constructor(client: ClickHouseLike) {
    this.#client = client;
  }

  /** Opens a client for `url` (`http://user:pass@host:8123/db`). */
  static connect(url: string): ClickHouseAnalyticsStore {
    return new ClickHouseAnalyticsStore(createClient({ url }) as unknown as ClickHouseLike);
  }

  async migrate(): Promise<void> {
    await this.#client.command({ query: CREATE_EVENTS_TABLE });
  }

  async insert(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.#client.insert({
      table: EVENTS_TABLE,
      values: events.map(toEventRow),
      format: "JSONEachRow",
    });
  }

  async select(statement: CompiledStatement): Promise<Record<string, unknown>[]> {
    const result = await this.#client.query({
      query: statement.sql,
      query_params: statement.params,
      format: "JSONEachRow",
    });
    return result.json<Record<string, unknown>>();
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}
