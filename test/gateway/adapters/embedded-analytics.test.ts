// The gateway's analytics when CPOD_CLICKHOUSE_URL is unset, against the real thing: a ClickHouse
// server (chdb's engine) started as a child process by the first analytics call, reached through
// the production @clickhouse/client adapter, its data kept under the data dir across restarts.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedAnalytics } from "../../../server/gateway/adapters/open-embedded-analytics.js";
import { compileQuery } from "../../../server/gateway/analytics/index.js";
import { clickhouseEngine } from "../../helpers/services.js";

const now = Date.now();
const event = {
  tenantId: "t_1",
  appId: "a_1",
  event: "login",
  ts: now,
  userId: "",
  properties: {},
};
const count = compileQuery("t_1", {
  event: "login",
  from: new Date(now - 60_000).toISOString(),
  to: new Date(now + 60_000).toISOString(),
  aggregate: "count",
});

describe.skipIf(!clickhouseEngine())(
  "embedded analytics (ClickHouse server started on first use)",
  () => {
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "cpod-embedded-analytics-"));
    });
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it("starts no engine before the first call, serves it, and keeps the events across a restart", async () => {
      const first = embeddedAnalytics(dataDir);
      expect(first.where).toBe(join(dataDir, "clickhouse"));
      await first.store.migrate();
      expect(existsSync(first.where)).toBe(false);
      await first.store.insert([event, event]);
      expect(await first.store.select(count)).toEqual([{ value: 2 }]);
      await first.store.close();

      const again = embeddedAnalytics(dataDir);
      expect(await again.store.select(count)).toEqual([{ value: 2 }]);
      await again.store.close();
    }, 60_000);

    it("answers 503 with the reason when the server cannot start", async () => {
      const dir = await mkdtemp(join(tmpdir(), "cpod-embedded-analytics-"));
      const blocked = embeddedAnalytics(dir);
      const path = process.env.PATH;
      process.env.PATH = "/nonexistent"; // no python3 to run the launcher
      try {
        await expect(blocked.store.insert([event])).rejects.toMatchObject({
          code: "unavailable",
          message: expect.stringMatching(
            /^Analytics is unavailable: embedded ClickHouse needs Python 3/,
          ),
        });
      } finally {
        process.env.PATH = path;
        await blocked.store.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
