import { join } from "node:path";
import { createClient } from "@clickhouse/client";
import { clickhouseOutage } from "../../../lib/driver-outages.js";
import { startEmbeddedClickHouse } from "../../../lib/embedded/clickhouse/embedded-clickhouse.js";
import { guardStore } from "../../../lib/store-unavailable.js";
import { alsoOnClose } from "../analytics/adapters/also-on-close.js";
import { ClickHouseAnalyticsStore } from "../analytics/adapters/clickhouse-analytics-store.js";
import { startedOnFirstUse } from "../analytics/adapters/started-on-first-use.js";
import type { AnalyticsStore } from "../analytics/index.js";

/**
 * The database the embedded server keeps the events in: its `default` database uses the Overlay
 * engine, which is not where data should live.
 */
export const EMBEDDED_ANALYTICS_DATABASE = "cpod";

/**
 * Starts the embedded ClickHouse server under `dir` and connects the production adapter to it;
 * closing the store stops the server.
 */
async function openEmbeddedClickHouse(dir: string): Promise<AnalyticsStore> {
  const server = await startEmbeddedClickHouse({ dataDir: dir });
  try {
    const admin = createClient({ url: server.url });
    await admin
      .command({ query: `CREATE DATABASE IF NOT EXISTS ${EMBEDDED_ANALYTICS_DATABASE}` })
      .finally(() => admin.close());
    const url = `${server.url}/${EMBEDDED_ANALYTICS_DATABASE}`;
    const store = guardStore("analytics", clickhouseOutage, ClickHouseAnalyticsStore.connect(url));
    return alsoOnClose(store, () => server.close());
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * Analytics when `CPOD_CLICKHOUSE_URL` is unset: a real ClickHouse server (chdb's engine, see
 * lib/embedded/clickhouse) run as a child process with its data under `<dataDir>/clickhouse`,
 * reached through the same `@clickhouse/client` adapter as production — and started by the first
 * analytics call, so a gateway that serves none never holds the engine's memory.
 *
 * @example
 *   const analytics = embeddedAnalytics(".cpod"); // nothing runs until the first insert/select
 */
export function embeddedAnalytics(dataDir: string): { store: AnalyticsStore; where: string } {
  const dir = join(dataDir, "clickhouse");
  return { store: startedOnFirstUse(() => openEmbeddedClickHouse(dir)), where: dir };
}
