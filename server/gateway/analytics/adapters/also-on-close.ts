import type { AnalyticsStore } from "../types.js";

/**
 * `store`, whose close then also runs `after` (stopping the server it talks to, dropping the
 * database it was given): the store's own close first, so nothing is in flight when `after` runs.
 *
 * @example
 *   const store = alsoOnClose(ClickHouseAnalyticsStore.connect(server.url), () => server.close());
 */
export function alsoOnClose(store: AnalyticsStore, after: () => Promise<void>): AnalyticsStore {
  return {
    migrate: () => store.migrate(),
    insert: (events) => store.insert(events),
    select: (statement) => store.select(statement),
    close: async () => {
      await store.close();
      await after();
    },
  };
}
