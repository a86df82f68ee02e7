// The ClickHouse adapter's outage classification against a real server that really stops: the
// embedded ClickHouse (chdb's engine over HTTP), so the errors are the ones @clickhouse/client
// really raises, not hand-made look-alikes (test/shared/store-unavailable.test.ts has those).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouseOutage } from "../../../lib/driver-outages.js";
import { startEmbeddedClickHouse } from "../../../lib/embedded/clickhouse/embedded-clickhouse.js";
import type { EmbeddedServer } from "../../../lib/embedded/embedded-server.js";
import { guardStore, StoreUnavailableError } from "../../../lib/store-unavailable.js";
import { ClickHouseAnalyticsStore } from "../../../server/gateway/analytics/adapters/clickhouse-analytics-store.js";
import type { AnalyticsStore } from "../../../server/gateway/analytics/types.js";
import { clickhouseEngine } from "../../helpers/services.js";

describe.skipIf(!clickhouseEngine())("ClickHouse adapter outages (real server)", () => {
  let dataDir: string;
  let server: EmbeddedServer;
  let store: AnalyticsStore;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cpod-clickhouse-outage-"));
    server = await startEmbeddedClickHouse({ dataDir });
    const raw = ClickHouseAnalyticsStore.connect(server.url);
    store = guardStore("analytics", clickhouseOutage, raw);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("leaves a server-side error (bad SQL) as it is", async () => {
    const error = await store.select({ sql: "SELEKT 1", params: {} }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: "62", type: "SYNTAX_ERROR" });
  });

  it("turns a stopped server into StoreUnavailableError", async () => {
    await expect(store.select({ sql: "SELECT 1 AS one", params: {} })).resolves.toEqual([
      { one: 1 },
    ]);
    await server.close();
    const error = await store.select({ sql: "SELECT 1", params: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ store: "analytics" });
  });
});
