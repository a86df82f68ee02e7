// The HTTP tenant directory against a fake control plane (injected fetch, the test's clock):
// a limit field this sidecar does not know is ignored and logged once, not a 503 for the tenant;
// a failed lookup is answered from the cache for a short while, not refetched on every call.
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
});
