// The analytics store whose engine starts on the first call: one start for concurrent callers,
// nothing started before a call, a failed start answered as 503 with its reason and retried later.
import { describe, expect, it } from "vitest";
import {
  RETRY_START_AFTER_MS,
  startedOnFirstUse,
} from "../../../server/gateway/analytics/adapters/started-on-first-use.js";
import type { AnalyticsStore } from "../../../server/gateway/analytics/types.js";
import { ApiError } from "../../../server/shared/errors/api-error.js";

/** An in-memory store that records what was done to it. */
function recordingStore(log: string[]): AnalyticsStore {
  return {
    migrate: async () => void log.push("migrate"),
    insert: async (events) => void log.push(`insert ${events.length}`),
    select: async () => {
      log.push("select");
      return [{ value: 1 }];
    },
    close: async () => void log.push("close"),
  };
}

const statement = { sql: "SELECT 1", params: {} };

describe("startedOnFirstUse", () => {
  it("starts nothing until the first call, then starts and migrates once for concurrent callers", async () => {
    const log: string[] = [];
    let starts = 0;
    const store = startedOnFirstUse(async () => {
      starts++;
      return recordingStore(log);
    });
    await store.migrate();
    expect(starts).toBe(0);
    const rows = await Promise.all([store.select(statement), store.select(statement)]);
    expect(rows).toEqual([[{ value: 1 }], [{ value: 1 }]]);
    await store.insert([]);
    expect(starts).toBe(1);
    expect(log).toEqual(["migrate", "select", "select", "insert 0"]);
    await store.close();
    expect(log.at(-1)).toBe("close");
  });

  it("answers a failed start as 503 unavailable with the reason, and retries after the pause", async () => {
    let clock = 0;
    let attempts = 0;
    const store = startedOnFirstUse(
      async () => {
        attempts++;
        if (attempts === 1) throw new Error("embedded ClickHouse needs Python 3");
        return recordingStore([]);
      },
      () => clock,
    );
    const first = await store.select(statement).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ApiError);
    expect((first as ApiError).code).toBe("unavailable");
    expect((first as ApiError).message).toBe(
      "Analytics is unavailable: embedded ClickHouse needs Python 3",
    );
    clock = RETRY_START_AFTER_MS - 1;
    await expect(store.select(statement)).rejects.toBe(first);
    expect(attempts).toBe(1);
    clock = RETRY_START_AFTER_MS;
    await expect(store.select(statement)).resolves.toEqual([{ value: 1 }]);
    expect(attempts).toBe(2);
  });

  it("closes a started store whose migration fails, and reports the failure", async () => {
    const log: string[] = [];
    const store = startedOnFirstUse(async () => ({
      ...recordingStore(log),
      migrate: async () => {
        throw new Error("CREATE TABLE refused");
      },
    }));
    await expect(store.insert([])).rejects.toThrow(
      "Analytics is unavailable: CREATE TABLE refused",
    );
    expect(log).toEqual(["close"]);
  });

  it("refuses calls after close and never starts the engine then", async () => {
    let starts = 0;
    const store = startedOnFirstUse(async () => {
      starts++;
      return recordingStore([]);
    });
    await store.close();
    await expect(store.select(statement)).rejects.toThrow("Analytics is shutting down.");
    expect(starts).toBe(0);
  });
});
