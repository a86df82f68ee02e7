// The conformance suite for the AnalyticsStore port. There is one adapter — @clickhouse/client
// to a ClickHouse server — used both in production and by the embedded mode (which starts such a
// server as a child process, see server/gateway/adapters/open-embedded-analytics.ts), so the
// suite runs on the real server of CPOD_CLICKHOUSE_URL: scripts/services.sh serves one (chdb's
// engine as a real HTTP server, see docs/services.md).
// test/gateway/analytics/clickhouse-store.test.ts proves the adapter sends exactly the shared
// SQL module's statements and parameters.
import { describe } from "vitest";
import { freshClickHouseStore } from "../gateway/analytics/fresh-clickhouse-store.js";
import { analyticsStoreConformance } from "../gateway/analytics/suite.js";
import { serviceUrl } from "../helpers/services.js";

// Required under CI like every real server (scripts/services.sh starts it); each run gets a
// database of its own, dropped afterwards, so runs and worktrees sharing the server never mix.
const clickhouseUrl = serviceUrl("CPOD_CLICKHOUSE_URL");
describe.skipIf(!clickhouseUrl)("real ClickHouse (CPOD_CLICKHOUSE_URL)", () => {
  analyticsStoreConformance("ClickHouseAnalyticsStore", () =>
    freshClickHouseStore(clickhouseUrl as string),
  );
});
