// One conformance suite for the AnalyticsStore port, run against every adapter: on chdb (the
// ClickHouse engine in-process) and, with CPOD_CLICKHOUSE_URL set, on a real ClickHouse server
// through the production adapter — scripts/services.sh serves one (chdb's engine as a real
// HTTP server, see docs/services.md). test/gateway/analytics/clickhouse-store.test.ts proves
// that adapter sends exactly the shared SQL module's statements and parameters.
import { describe } from "vitest";
import { ChdbAnalyticsStore } from "../../server/gateway/analytics/adapters/chdb-analytics-store.js";
import { freshClickHouseStore } from "../gateway/analytics/fresh-clickhouse-store.js";
import { analyticsStoreConformance } from "../gateway/analytics/suite.js";
import { optionalModule, serviceUrl } from "../helpers/services.js";

const chdb = await optionalModule("chdb");

describe.skipIf(!chdb)("chdb (embedded, ClickHouse SQL in-process)", () => {
  analyticsStoreConformance("ChdbAnalyticsStore", () => ChdbAnalyticsStore.open());
});

// Required under CI like every real server (scripts/services.sh starts it); each run gets a
// database of its own, dropped afterwards, so runs and worktrees sharing the server never mix.
const clickhouseUrl = serviceUrl("CPOD_CLICKHOUSE_URL");
describe.skipIf(!clickhouseUrl)("real ClickHouse (CPOD_CLICKHOUSE_URL)", () => {
  analyticsStoreConformance("ClickHouseAnalyticsStore", () =>
    freshClickHouseStore(clickhouseUrl as string),
  );
});
