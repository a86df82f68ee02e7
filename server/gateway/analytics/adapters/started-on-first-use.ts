import { ApiError } from "../../../shared/errors/api-error.js";
import type { AnalyticsStore, CompiledStatement, StoredEvent } from "../types.js";

/** After a failed start, calls answer that failure for this long before a start is tried again. */
export const RETRY_START_AFTER_MS = 10_000;

/** Starts the engine and creates its tables; a store whose migration fails is closed again. */
async function open(start: () => Promise<AnalyticsStore>): Promise<AnalyticsStore> {
  const opened = await start();
  try {
    await opened.migrate();
    return opened;
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
}

/**
 * An AnalyticsStore whose engine is started by the first call that needs it, so a program that
 * never serves analytics never pays for the engine (the embedded ClickHouse server holds about
 * 220 MB). Concurrent first calls share one start. A start that fails answers `503 unavailable`
 * with its reason — to that call and to every call for the next RETRY_START_AFTER_MS — and is
 * then tried again, so installing the missing piece needs no restart.
 *
 * @example
 *   const store = startedOnFirstUse(async () => {
 *     const server = await startEmbeddedClickHouse({ dataDir });
 *     return ClickHouseAnalyticsStore.connect(server.url); // its close() stops the server too
 *   });
 */
export function startedOnFirstUse(
  start: () => Promise<AnalyticsStore>,
  now: () => number = Date.now,
): AnalyticsStore {
  let started: Promise<AnalyticsStore> | undefined;
  let failed: { error: ApiError; at: number } | undefined;
  let closed = false;
  const store = async (): Promise<AnalyticsStore> => {
    if (closed) throw new ApiError("unavailable", "Analytics is shutting down.");
    if (failed && now() - failed.at < RETRY_START_AFTER_MS) throw failed.error;
    started ??= open(start).catch((error: unknown) => {
      started = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      const unavailable = new ApiError("unavailable", `Analytics is unavailable: ${reason}`, {
        cause: error,
      });
      failed = { error: unavailable, at: now() };
      throw unavailable;
    });
    return started;
  };
  return {
    // The first call's start migrates; there is nothing to migrate before that.
    migrate: async () => {},
    insert: async (events: readonly StoredEvent[]) => (await store()).insert(events),
    select: async (statement: CompiledStatement) => (await store()).select(statement),
    close: async () => {
      closed = true;
      const opened = await started?.catch(() => undefined);
      await opened?.close();
    },
  };
}
