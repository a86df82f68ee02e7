// The ClickHouse adapter against an injected client: proves, without a server, that it sends
// exactly the shared SQL module's statements and parameters — the ones the conformance suite
// (test/conformance/analytics-store.test.ts) executes on chdb and on a real ClickHouse server.
import { describe, expect, it } from "vitest";
import {
  ClickHouseAnalyticsStore,
  type ClickHouseLike,
} from "../../../server/gateway/analytics/adapters/clickhouse-analytics-store.js";
import { AnalyticsService } from "../../../server/gateway/analytics/analytics-service.js";
import { compileQuery } from "../../../server/gateway/analytics/sql/compile-query.js";
import { CREATE_EVENTS_TABLE, toEventRow } from "../../../server/gateway/analytics/sql/schema.js";
import type { AnalyticsQuery } from "../../../server/gateway/analytics/types.js";
import { ApiError } from "../../../server/shared/errors/api-error.js";
import { NOW } from "./fixture.js";

/** A ClickHouseLike that records every call and answers queries with `rows`. */
function recordingClient(rows: Record<string, unknown>[] = []) {
  const calls: { method: string; params: unknown }[] = [];
  const client: ClickHouseLike = {
    command: async (params) => void calls.push({ method: "command", params }),
    insert: async (params) => void calls.push({ method: "insert", params }),
    query: async (params) => {
      calls.push({ method: "query", params });
      return { json: async <T>() => rows as T[] };
    },
    close: async () => void calls.push({ method: "close", params: undefined }),
  };
  return { client, calls };
}

const caller = { tenantId: "t_acme", appId: "app_1", userId: "u_token" };
const query: AnalyticsQuery = {
  event: "checkout.completed",
  from: "2025-04-01T00:00:00Z",
  to: "2025-04-15T00:00:00Z",
  interval: "day",
  group_by: ["plan"],
  aggregate: "sum",
  property: "amount",
  filters: [{ property: "country", op: "in", value: ["DE", "FR"] }],
};

describe("ClickHouseAnalyticsStore (injected client)", () => {
  it("creates the shared events table", async () => {
    const { client, calls } = recordingClient();
    await new ClickHouseAnalyticsStore(client).migrate();
    expect(calls).toEqual([{ method: "command", params: { query: CREATE_EVENTS_TABLE } }]);
  });

  it("sends exactly the compiled SQL with server-side parameters, tenant from the caller", async () => {
    const { client, calls } = recordingClient([
      { bucket: "2025-04-01 00:00:00", g0: '"pro"', value: 12.5 },
    ]);
    const service = new AnalyticsService(new ClickHouseAnalyticsStore(client), { mask: (p) => p });
    const result = await service.query(caller, query);
    const compiled = compileQuery("t_acme", query);
    expect(calls).toEqual([
      {
        method: "query",
        params: { query: compiled.sql, query_params: compiled.params, format: "JSONEachRow" },
      },
    ]);
    expect(compiled.params).toMatchObject({
      tenant: "t_acme",
      event: "checkout.completed",
      agg: "amount",
    });
    expect(result.rows).toEqual([
      { bucket: "2025-04-01T00:00:00Z", group: { plan: "pro" }, value: 12.5 },
    ]);
  });

  it("inserts one JSONEachRow batch of masked, tenant-stamped rows", async () => {
    const { client, calls } = recordingClient();
    const mask = (p: Record<string, unknown>) => ({ ...p, email: "***" }) as never;
    const service = new AnalyticsService(new ClickHouseAnalyticsStore(client), {
      mask,
      now: () => NOW,
    });
    const events = [
      { name: "signup", timestamp: "2025-05-31T12:00:00.250Z", properties: { email: "a@b.c" } },
    ];
    await service.ingest(caller, { events });
    const row = toEventRow({
      tenantId: "t_acme",
      appId: "app_1",
      event: "signup",
      ts: Date.parse("2025-05-31T12:00:00.250Z"),
      userId: "u_token",
      properties: { email: "***" },
    });
    expect(row.ts).toBe("2025-05-31 12:00:00.250");
    expect(calls).toEqual([
      { method: "insert", params: { table: "events", values: [row], format: "JSONEachRow" } },
    ]);
  });

  it("stores nothing when masking fails (fails closed)", async () => {
    const { client, calls } = recordingClient();
    const mask = async () => {
      throw new ApiError("unavailable", "sidecar down");
    };
    const service = new AnalyticsService(new ClickHouseAnalyticsStore(client), {
      mask,
      now: () => NOW,
    });
    const events = [{ name: "signup", timestamp: "2025-05-31T12:00:00Z", properties: {} }];
    await expect(service.ingest(caller, { events })).rejects.toMatchObject({ code: "unavailable" });
    expect(calls).toEqual([]);
  });

  it("refuses a result over 10,000 rows instead of truncating it", async () => {
    const rows = Array.from({ length: 10_001 }, () => ({ value: 1 }));
    const service = new AnalyticsService(
      new ClickHouseAnalyticsStore(recordingClient(rows).client),
      {
        mask: (p) => p,
      },
    );
    const error = await service.query(caller, query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("validation_failed");
  });

  it("turns a driver failure into an internal ApiError", async () => {
    const { client } = recordingClient();
    client.query = async () => {
      throw new Error("ECONNREFUSED 127.0.0.1:8123");
    };
    const service = new AnalyticsService(new ClickHouseAnalyticsStore(client), { mask: (p) => p });
    await expect(service.query(caller, query)).rejects.toMatchObject({ code: "internal" });
  });
});
