import type { AnalyticsEvent, EventProperties } from "../../../server/gateway/analytics/types.js";

/** The two tenants of the fixture; B's name is hostile on purpose (it is only ever bound). */
export const TENANT_A = "t_acme";
export const TENANT_B = "t_globex' OR '1'='1";
export const APP = "app_1";
/** The service clock during the suite: just after the fixture's last event. */
export const NOW = Date.parse("2025-06-01T00:00:00Z");
export const START = Date.parse("2025-03-01T00:00:00Z");
export const END = Date.parse("2025-06-01T00:00:00Z");

/** A fixture event with its tenant, as the hand computation sees it. */
export interface FixtureEvent extends AnalyticsEvent {
  tenant: string;
}

/** mulberry32: a tiny seeded PRNG, so the fixture is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENTS = ["checkout.completed", "page.view", "signup", "app:open"] as const;
const PLANS = ["free", "pro", "team"] as const;
const COUNTRIES = ["DE", "FR", "US", "JP", "BR"] as const;

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/**
 * Properties with the awkward cases a real feed has: a number sometimes sent as a string,
 * sometimes null or absent, booleans, and a value that looks like SQL.
 */
function properties(rand: () => number): EventProperties {
  const p: EventProperties = { plan: pick(rand, PLANS), country: pick(rand, COUNTRIES) };
  const r = rand();
  // Multiples of 0.25 add up exactly in binary floating point, whatever the summation order.
  if (r < 0.7) p.amount = Math.floor(rand() * 400) / 4;
  else if (r < 0.8) p.amount = String(Math.floor(rand() * 100));
  else if (r < 0.85) p.amount = null;
  if (rand() < 0.5) p.qty = Math.floor(rand() * 10);
  if (rand() < 0.6) p.beta = rand() < 0.5;
  if (rand() < 0.02) p.note = "'); DROP TABLE events; --";
  return p;
}

/**
 * 10,000 events across two tenants (70/30), four event names, 40 users each plus anonymous
 * events, spread over March–May 2025 with millisecond timestamps.
 */
export function generateFixture(count = 10_000, seed = 42): FixtureEvent[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => {
    const tenant = rand() < 0.7 ? TENANT_A : TENANT_B;
    const ts = START + Math.floor(rand() * (END - START));
    const event: FixtureEvent = {
      tenant,
      name: pick(rand, EVENTS),
      timestamp: new Date(ts).toISOString(),
      properties: properties(rand),
    };
    if (rand() < 0.9) event.user_id = `u_${Math.floor(rand() * 40)}`;
    return event;
  });
}

/** The fixture's events of one tenant, in batches of `size` as the API receives them. */
export function batches(
  events: readonly FixtureEvent[],
  tenant: string,
  size = 1000,
): AnalyticsEvent[][] {
  const mine = events.filter((e) => e.tenant === tenant).map(({ tenant: _t, ...e }) => e);
  const out: AnalyticsEvent[][] = [];
  for (let i = 0; i < mine.length; i += size) out.push(mine.slice(i, i + size));
  return out;
}
