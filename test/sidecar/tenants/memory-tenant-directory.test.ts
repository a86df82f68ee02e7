import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryTenantDirectory } from "../../../sidecar/tenants/adapters/memory-tenant-directory.js";
import { PLAN_LIMITS } from "../../../sidecar/tenants/tenant-directory.js";

function tenantsFile(entries: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "cpod-tenants-")), "tenants.json");
  writeFileSync(path, JSON.stringify(entries));
  return path;
}

describe("MemoryTenantDirectory", () => {
  it("gives a tenant its plan's limits, and free ones for an unknown plan", async () => {
    const dir = new MemoryTenantDirectory([
      { id: "t_pro", plan: "pro" },
      { id: "t_odd", plan: "platinum" },
    ]);
    expect((await dir.resolve("t_pro"))?.limits).toEqual(PLAN_LIMITS.pro);
    expect((await dir.resolve("t_odd"))?.limits).toEqual(PLAN_LIMITS.free);
  });

  it("lets a tenants-file entry carry its own limits (burst defaults to the limit)", async () => {
    const path = tenantsFile([
      { id: "t_big", plan: "enterprise", limits: { requestsPerWindow: 1_000_000, windowMs: 1000 } },
    ]);
    const dir = await MemoryTenantDirectory.fromFile(path);
    expect((await dir.resolve("t_big"))?.limits).toEqual({
      requestsPerWindow: 1_000_000,
      windowMs: 1000,
      burst: 1_000_000,
    });
  });

  it("takes the control plane's override shape, each field over its plan's", async () => {
    const path = tenantsFile([
      { id: "t_rate", plan: "pro", limits: { requests_per_window: 5000 } },
      { id: "t_window", plan: "free", limits: { window_seconds: 60 } },
      { id: "t_both", limits: { requests_per_window: 7, window_seconds: 1 } },
      { id: "t_none", plan: "enterprise", limits: null },
    ]);
    const dir = await MemoryTenantDirectory.fromFile(path);
    expect((await dir.resolve("t_rate"))?.limits).toEqual({
      requestsPerWindow: 5000,
      windowMs: PLAN_LIMITS.pro?.windowMs,
      burst: 5000,
    });
    expect((await dir.resolve("t_window"))?.limits).toEqual({
      requestsPerWindow: PLAN_LIMITS.free?.requestsPerWindow,
      windowMs: 60_000,
      burst: PLAN_LIMITS.free?.requestsPerWindow,
    });
    expect((await dir.resolve("t_both"))?.limits).toEqual({
      requestsPerWindow: 7,
      windowMs: 1000,
      burst: 7,
    });
    expect((await dir.resolve("t_none"))?.limits).toEqual(PLAN_LIMITS.enterprise);
  });

  it.each([
    { requests_per_window: 0 },
    { window_seconds: 2.5 },
    { requests_per_window: "10" },
    { requests_per_window: 10, burst: 10 },
    { requests_per_window: 10, windowMs: 1000 },
    [10],
    "10/s",
    { requestsPerWindow: 0, windowMs: 1000 },
    { requestsPerWindow: 10, windowMs: 1.5 },
    { requestsPerWindow: "10", windowMs: 1000 },
    { requestsPerWindow: 10, windowMs: 1000, burst: -1 },
  ])("refuses bad limits %j with one error naming the file and tenant", async (limits) => {
    const path = tenantsFile([{ id: "t_bad", limits }]);
    await expect(MemoryTenantDirectory.fromFile(path)).rejects.toThrow(
      new RegExp(`${path}: tenant t_bad: limits`),
    );
  });
});
