import { ApiError } from "../../../shared/errors/api-error.js";
import { CREATE_EVENTS_TABLE, EVENTS_TABLE, toEventRow } from "../sql/schema.js";
import type { AnalyticsStore, CompiledStatement, StoredEvent } from "../types.js";

/** The part of chdb's `Session` used here (declared locally: chdb is an optional dependency). */
interface ChdbSession {
  query(sql: string, format?: string): string;
  queryBindAsync(
    sql: string,
    params: object,
    opts?: { format?: string },
  ): Promise<{ text(): string }>;
  insert(params: { table: string; values: string; format: "JSONEachRow" }): Promise<unknown>;
  close(): void;
}
type ChdbModule = { Session: new (path?: string) => ChdbSession };

/** Loads chdb on demand, so installs without the optional package still start. */
async function loadChdb(): Promise<ChdbModule> {
  const specifier = "chdb";
  try {
    return (await import(specifier)) as ChdbModule;
  } catch (error) {
    throw new ApiError(
      "unavailable",
      "embedded analytics needs the optional 'chdb' package: run `npm install` without --omit=optional, or set CPOD_CLICKHOUSE_URL",
      { cause: error },
    );
  }
}

/**
 * AnalyticsStore on chdb: the ClickHouse engine in-process, the embedded default when
 * `CPOD_CLICKHOUSE_URL` is unset. It runs the very statements of `sql/` that the ClickHouse
 * adapter sends, with the same server-side parameter binding, which is why the conformance
 * suite on chdb speaks for the SQL of both.
 *
 * @example
 *   const store = await ChdbAnalyticsStore.open(".cpod/analytics"); // or no path: temp dir
 */
export class ChdbAnalyticsStore implements AnalyticsStore {
  readonly #session: ChdbSession;

  private constructor(session: ChdbSession) {
    this.#session = session;
  }

  /** Opens a session on `path` (a temporary directory when omitted, removed on close). */
  static async open(path?: string): Promise<ChdbAnalyticsStore> {
    const { Session } = await loadChdb();
    return new ChdbAnalyticsStore(new Session(path));
  }

  async migrate(): Promise<void> {
    this.#session.query(CREATE_EVENTS_TABLE);
  }

  async insert(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const values = events.map((e) => JSON.stringify(toEventRow(e))).join("\n");
    await this.#session.insert({ table: EVENTS_TABLE, values, format: "JSONEachRow" });
  }

  async select(statement: CompiledStatement): Promise<Record<string, unknown>[]> {
    const result = await this.#session.queryBindAsync(statement.sql, statement.params, {
      format: "JSONEachRow",
    });
    return result
      .text()
      .split("\n")
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  async close(): Promise<void> {
    this.#session.close();
  }
}
