import { randomBytes } from "node:crypto";
import { createClient } from "@clickhouse/client";
import { alsoOnClose } from "../../../server/gateway/analytics/adapters/also-on-close.js";
import { ClickHouseAnalyticsStore } from "../../../server/gateway/analytics/adapters/clickhouse-analytics-store.js";
import type { AnalyticsStore } from "../../../server/gateway/analytics/types.js";

/**
 * A ClickHouseAnalyticsStore on a database of its own, created on the server at `url` and dropped
 * when the store is closed. A real server keeps its data between runs (and is shared by every
 * suite and worktree using scripts/services.sh), while the conformance suite needs a fresh,
 * empty store: in the URL's database, a second run would count the fixture twice.
 *
 * @example
 *   const store = await freshClickHouseStore(process.env.CPOD_CLICKHOUSE_URL!);
 */
export async function freshClickHouseStore(url: string): Promise<AnalyticsStore> {
  const database = `cpod_test_${randomBytes(6).toString("hex")}`;
  const admin = createClient({ url });
  await admin.command({ query: `CREATE DATABASE ${database}` });
  const at = new URL(url);
  at.pathname = `/${database}`;
  return alsoOnClose(ClickHouseAnalyticsStore.connect(at.toString()), async () => {
    await admin.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
    await admin.close();
  });
}
