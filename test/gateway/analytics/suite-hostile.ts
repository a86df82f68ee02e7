import { expect, it } from "vitest";
import { ApiError } from "../../../server/shared/errors/api-error.js";
import { APP, NOW, TENANT_A, TENANT_B } from "./fixture.js";
import type { SuiteContext } from "./suite.js";

const RANGE = { from: "2025-03-01T00:00:00Z", to: "2025-06-01T00:00:00Z" };
const A = { tenantId: TENANT_A, appId: APP };
const B = { tenantId: TENANT_B, appId: APP };

/** Identifier positions a hostile property name can be put in; all must be rejected. */
const HOSTILE_NAMES = [
  "plan') OR 1=1 --",
  "x;DROP TABLE events",
  "a b",
  "1abc",
  "plan`",
  "{tenant:String}",
  "properties['plan']",
  "",
];
const PLACES: Record<string, (name: string) => object> = {
  group_by: (n) => ({ aggregate: "count", group_by: [n] }),
  property: (n) => ({ aggregate: "sum", property: n }),
  "filters.property": (n) => ({
    aggregate: "count",
    filters: [{ property: n, op: "eq", value: "x" }],
  }),
};

/** Values that would change the statement if they were spliced; bound, they are plain data. */
const HOSTILE_VALUES = [
  "' OR '1'='1",
  "\\' OR 1=1 --",
  "{tenant:String}",
  "t_acme",
  "x'); DROP TABLE events; --",
];

async function rejected(p: Promise<unknown>): Promise<string> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof ApiError ? error.code : `not rejected: ${String(error)}`;
}

/** Tenant isolation and injection attempts, run against every adapter. */
export function hostileTests(ctx: SuiteContext): void {
  const count = async (caller: typeof A, event: string, extra: object = {}) =>
    (await ctx.service.query(caller, { event, ...RANGE, aggregate: "count", ...extra })).rows;

  it("tenant B never sees tenant A's events", async () => {
    const props = { plan: "secret_of_a" };
    const events = [
      { name: "only.a", timestamp: "2025-04-01T10:00:00Z", user_id: "u_a", properties: props },
    ];
    await ctx.service.ingest(A, { events });
    expect(await count(A, "only.a")).toEqual([{ bucket: null, group: {}, value: 1 }]);
    expect(await count(B, "only.a")).toEqual([{ bucket: null, group: {}, value: 0 }]);
    expect(await count(B, "only.a", { group_by: ["plan"] })).toEqual([]);
    for (const tenantId of ["t_acme' OR '1'='1", "t_acme' --", "", "T_ACME", "t_acme "]) {
      expect(await count({ tenantId, appId: APP }, "only.a")).toEqual([
        { bucket: null, group: {}, value: 0 },
      ]);
    }
  });

  for (const [place, build] of Object.entries(PLACES)) {
    it.each(HOSTILE_NAMES)(`rejects a hostile property name in ${place}: %j`, async (name) => {
      const q = { event: "checkout.completed", ...RANGE, ...build(name) };
      expect(await rejected(ctx.service.query(A, q))).toBe("validation_failed");
    });
  }

  it.each(["x' OR '1'='1", "checkout.completed' --", "a b", "", "é"])(
    "rejects a hostile event name %j",
    async (event) => {
      expect(await rejected(ctx.service.query(A, { event, ...RANGE, aggregate: "count" }))).toBe(
        "validation_failed",
      );
      const events = [
        { name: event, timestamp: new Date(NOW - 1000).toISOString(), properties: {} },
      ];
      expect(await rejected(ctx.service.ingest(A, { events }))).toBe("validation_failed");
    },
  );

  it.each(HOSTILE_VALUES)("binds a hostile filter value as data: %j", async (value) => {
    const filters = [{ property: "plan", op: "eq", value }];
    expect(await count(A, "checkout.completed", { filters })).toEqual([
      { bucket: null, group: {}, value: 0 },
    ]);
    const inFilter = [{ property: "user_id", op: "in", value: [value] }];
    expect(await count(A, "checkout.completed", { filters: inFilter })).toEqual([
      { bucket: null, group: {}, value: 0 },
    ]);
  });

  it("stores hostile property values and names them back exactly", async () => {
    const note = "x'); DROP TABLE events; --\\";
    const events = [
      { name: "hostile.value", timestamp: "2025-05-01T00:00:00Z", properties: { note } },
    ];
    await ctx.service.ingest(B, { events });
    const filters = [{ property: "note", op: "eq", value: note }];
    const rows = await count(B, "hostile.value", { group_by: ["note"], filters });
    expect(rows).toEqual([{ bucket: null, group: { note }, value: 1 }]);
  });
}
