import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalyticsService } from "../../../server/gateway/analytics/analytics-service.js";
import type { AnalyticsStore } from "../../../server/gateway/analytics/types.js";
import { expectedRows } from "./expected.js";
import {
  APP,
  batches,
  type FixtureEvent,
  generateFixture,
  NOW,
  TENANT_A,
  TENANT_B,
} from "./fixture.js";
import { FIXTURE_QUERIES } from "./queries.js";
import { hostileTests } from "./suite-hostile.js";

/** Opens a fresh, empty store for one suite run. */
export type OpenStore = () => Promise<AnalyticsStore>;

/** State shared by the suite's files: the service over the store and the fixture it holds. */
export interface SuiteContext {
  service: AnalyticsService;
  fixture: FixtureEvent[];
}

/**
 * The AnalyticsStore conformance suite for one adapter: ingests the 10,000-event fixture
 * through the service (batches of 1,000, identity mask) and checks every query of
 * FIXTURE_QUERIES against the hand computation, for both tenants.
 */
export function analyticsStoreConformance(label: string, open: OpenStore): void {
  describe(label, () => {
    let store: AnalyticsStore;
    const ctx = { fixture: generateFixture() } as SuiteContext;

    beforeAll(async () => {
      store = await open();
      await store.migrate();
      await store.migrate(); // idempotent
      ctx.service = new AnalyticsService(store, { mask: (p) => p, now: () => NOW });
      for (const tenant of [TENANT_A, TENANT_B]) {
        for (const events of batches(ctx.fixture, tenant)) {
          const caller = { tenantId: tenant, appId: APP };
          expect(await ctx.service.ingest(caller, { events })).toEqual({ accepted: events.length });
        }
      }
    }, 120_000);
    afterAll(() => store?.close());

    it("holds the 10,000-event fixture across two tenants", async () => {
      const q = {
        event: "checkout.completed",
        from: "2025-03-01T00:00:00Z",
        to: "2025-06-01T00:00:00Z",
      };
      let total = 0;
      for (const tenantId of [TENANT_A, TENANT_B]) {
        for (const event of ["checkout.completed", "page.view", "signup", "app:open"]) {
          const { rows } = await ctx.service.query(
            { tenantId, appId: APP },
            { ...q, event, aggregate: "count" },
          );
          total += rows[0]?.value ?? 0;
        }
      }
      expect(total).toBe(10_000);
    });

    for (const [name, query] of Object.entries(FIXTURE_QUERIES)) {
      it.each([TENANT_A, TENANT_B])(
        `${name} equals the hand computation (%s)`,
        async (tenantId) => {
          const { rows } = await ctx.service.query({ tenantId, appId: APP }, query);
          expect(rows).toEqual(expectedRows(ctx.fixture, tenantId, query));
        },
      );
    }

    it("reads the range as [from, to), to the millisecond", async () => {
      const caller = { tenantId: TENANT_A, appId: APP };
      const at = [
        "2025-04-01T00:00:00.000Z",
        "2025-04-01T23:59:59.999Z",
        "2025-04-02T00:00:00.000Z",
      ];
      const events = at.map((timestamp) => ({ name: "edge", timestamp, properties: {} }));
      await ctx.service.ingest(caller, { events });
      const q = { event: "edge", from: at[0], to: at[2], aggregate: "count", interval: "day" };
      const { rows } = await ctx.service.query(caller, q);
      expect(rows).toEqual([{ bucket: "2025-04-01T00:00:00Z", group: {}, value: 2 }]);
    });

    hostileTests(ctx);
  });
}
