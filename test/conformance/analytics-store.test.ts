// One conformance suite for the AnalyticsStore port, run against every adapter. There is no
// ClickHouse server on this project's machines (Debian's is too old for query parameters), so
// the suite runs on chdb — the ClickHouse engine in-process — executing the very SQL module
// (server/gateway/analytics/sql/) the ClickHouse adapter sends; test/gateway/analytics/
// clickhouse-store.test.ts proves that adapter sends exactly that SQL and those parameters.
// With CPOD_CLICKHOUSE_URL set, the same suite also runs on a real ClickHouse server.
import { describe } from "vitest";
import { ChdbAnalyticsStore } from "../../server/gateway/analytics/adapters/chdb-analytics-store.js";
import { ClickHouseAnalyticsStore } from "../../server/gateway/analytics/adapters/clickhouse-analytics-store.js";
import { analyticsStoreConformance } from "../gateway/analytics/suite.js";
import { optionalModule } from "../helpers/services.js";

const chdb = await optionalModule("chdb");

describe.skipIf(!chdb)("chdb (embedded, ClickHouse SQL in-process)", () => {
  analyticsStoreConformance("ChdbAnalyticsStore", () => ChdbAnalyticsStore.open());
});

// Optional, not required under CI: no ClickHouse server is provisioned by scripts/services.sh.
const clickhouseUrl = process.env.CPOD_CLICKHOUSE_URL;
describe.skipIf(!clickhouseUrl)("real ClickHouse (CPOD_CLICKHOUSE_URL)", () => {
  analyticsStoreConformance("ClickHouseAnalyticsStore", async () =>
    ClickHouseAnalyticsStore.connect(clickhouseUrl as string),
  );
});
