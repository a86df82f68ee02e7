// The HTTP tenant directory against a fake control plane (injected fetch, the test's clock):
// a limit field this sidecar does not know is ignored and logged once, not a 503 for the tenant;
// a failed lookup is answered from the cache for a short while, not refetched on every call; a
// tenant in use is renewed in the background before it expires, and callers share one lookup.
import { describe, expect, it } from "vitest";
import {
  FAILED_LOOKUP_TTL_MS,
  HttpTenantDirectory,
} from "../../../sidecar/tenants/adapters/http-tenant-directory.js";

const TENANT = "ten_01JZ0000000000000000000001";

/** A control plane answering `answer()` for every tenant, counting the requests. */
function directory(answer: () => Response) {
  const state = { clock: 0, requests: 0, logs: [] as string[] };
  const dir = new HttpTenantDirectory({
    baseUrl: "http://cp.internal",
    adminToken: "t",
    ttlMs: 5_000,
    now: () => state.clock,
    log: (m) => state.logs.push(m),
    fetch: async () => {
      state.requests++;
      return answer();
    },
  });
  return { dir, state };
}

const tenant = (limits: unknown) =>
  Response.json({ id: TENANT, status: "active", plan: "free", limits });

describe("HttpTenantDirectory", () => {
  it("applies the known limit fields and ignores unknown ones, logging each once", async () => {
    const { dir, state } = directory(() => tenant({ requests_per_window: 7, burst_per_second: 3 }));
    const first = await dir.resolve(TENANT);
    expect(first?.limits.requestsPerWindow).toBe(7);
    state.clock += 10_000; // the entry lapses: a second lookup, no second log line
    await dir.resolve(TENANT);
    expect(state.requests).toBe(2);
    expect(state.logs).toEqual([
      "ignoring limits.burst_per_second from the control plane: unknown to this sidecar (upgrade it to apply)",
    ]);
  });

  it("still refuses a known field with a bad value (unavailable)", async () => {
    const { dir } = directory(() => tenant({ requests_per_window: 0 }));
    await expect(dir.resolve(TENANT)).rejects.toMatchObject({ errorCode: "unavailable" });
  });

  it("answers a failed lookup from the cache until it lapses, then asks again", async () => {
    const { dir, state } = directory(() => new Response("oops", { status: 502 }));
    for (let i = 0; i < 3; i++) {
      await expect(dir.resolve(TENANT)).rejects.toMatchObject({ errorCode: "unavailable" });
    }
    expect(state.requests).toBe(1);
    state.clock += FAILED_LOOKUP_TTL_MS;
    await expect(dir.resolve(TENANT)).rejects.toMatchObject({ errorCode: "unavailable" });
    expect(state.requests).toBe(2);
  });

  it("callers of a tenant not cached share one lookup", async () => {
    let answer: (r: Response) => void = () => {};
    const state = { requests: 0 };
    const dir = new HttpTenantDirectory({
      baseUrl: "http://cp.internal",
      adminToken: "t",
      fetch: () => {
        state.requests++;
        return new Promise((resolve) => {
          answer = resolve;
        });
      },
    });
    const calls = Array.from({ length: 50 }, () => dir.resolve(TENANT));
    answer(tenant(undefined));
    const tenants = await Promise.all(calls);
    expect(state.requests).toBe(1);
    expect(new Set(tenants.map((t) => t?.status))).toEqual(new Set(["active"]));
  });

  it("renews a tenant in use before it expires: no caller waits, a suspension still lands in time", async () => {
    let status = "active";
    const { dir, state } = directory(() => Response.json({ id: TENANT, status, plan: "free" }));
    expect((await dir.resolve(TENANT))?.status).toBe("active");
    status = "suspended";
    state.clock = 3_000; // within the first three quarters of 5 s: the cache alone answers
    expect((await dir.resolve(TENANT))?.status).toBe("active");
    expect(state.requests).toBe(1);
    state.clock = 4_000; // the last quarter: the cached tenant at once, a lookup behind it
    expect((await dir.resolve(TENANT))?.status).toBe("active");
    expect((await dir.resolve(TENANT))?.status).toBe("active"); // the same one lookup
    await new Promise((r) => setImmediate(r));
    expect(state.requests).toBe(2);
    // Renewed at 4 s: the suspension is seen before the first entry would have expired (5 s).
    state.clock = 4_500;
    expect((await dir.resolve(TENANT))?.status).toBe("suspended");
  });

  it("a failed renewal keeps the cached tenant until it expires, then the caller sees the failure", async () => {
    let up = true;
    const { dir, state } = directory(() =>
      up ? tenant(undefined) : new Response("down", { status: 503 }),
    );
    await dir.resolve(TENANT);
    up = false;
    state.clock = 4_000;
    expect((await dir.resolve(TENANT))?.status).toBe("active"); // renewal starts, and fails
    await new Promise((r) => setImmediate(r));
    expect(state.requests).toBe(2);
    state.clock = 4_500; // tried again no sooner than a second later
    expect((await dir.resolve(TENANT))?.status).toBe("active");
    expect(state.requests).toBe(2);
    state.clock = 5_000; // expired: this caller waits for a lookup, which fails
    await expect(dir.resolve(TENANT)).rejects.toMatchObject({ errorCode: "unavailable" });
    expect(state.requests).toBe(3);
  });

  it("a renewal that fails after its tenant expired is kept as the failure for those who come next", async () => {
    const state = { clock: 0, requests: 0 };
    let fail: () => void = () => {};
    const dir = new HttpTenantDirectory({
      baseUrl: "http://cp.internal",
      adminToken: "t",
      ttlMs: 5_000,
      now: () => state.clock,
      fetch: () => {
        state.requests++;
        if (state.requests === 1) return Promise.resolve(tenant(undefined));
        // The renewal hangs until the test lets it fail (a control plane timing out).
        return new Promise((_, reject) => {
          fail = () => reject(new TypeError("fetch failed"));
        });
      },
    });
    await dir.resolve(TENANT);
    state.clock = 4_000;
    await dir.resolve(TENANT); // starts the renewal, answered from the cache
    state.clock = 5_500; // the tenant expired while the renewal hangs: this caller joins it
    const joined = dir.resolve(TENANT);
    fail();
    await expect(joined).rejects.toMatchObject({ errorCode: "unavailable" });
    expect(state.requests).toBe(2);
    // The failure is kept for a second from when it happened: no new lookup at once.
    await expect(dir.resolve(TENANT)).rejects.toMatchObject({ errorCode: "unavailable" });
    expect(state.requests).toBe(2);
  });
});
