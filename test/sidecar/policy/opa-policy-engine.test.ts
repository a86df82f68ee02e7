import { execFile as execFileCb } from "node:child_process";
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { SidecarError } from "../../../sidecar/errors/sidecar-error.js";
import { OpaPolicyEngine } from "../../../sidecar/policy/opa-policy-engine.js";
import { serviceUrl } from "../../helpers/services.js";
import { POLICY_BUNDLE } from "../../helpers/sidecar.js";

const execFile = promisify(execFileCb);
const opaBin = serviceUrl("CPOD_OPA_BIN");

const input = (scopes: string[], tenant = "t1") => ({
  subject: { tenant_id: "t1", app_id: "app", user_id: null, scopes },
  action: "kv.read",
  resource: { type: "kv", id: "k", tenant_id: tenant },
});

describe("OpaPolicyEngine", () => {
  let engine: OpaPolicyEngine;
  beforeAll(async () => {
    engine = await OpaPolicyEngine.load(POLICY_BUNDLE);
  });

  it("decides with the default entrypoint and reports a version", () => {
    expect(engine.evaluate(input(["kv.read"]))).toEqual({ allow: true, reasons: [] });
    expect(engine.evaluate(input([]))).toEqual({ allow: false, reasons: ["missing_scope"] });
    expect(engine.status().version).toMatch(/^[0-9a-f]{16}$/);
  });

  it("applies new data on the next decision only", () => {
    engine.setData({ tenants: { t1: { status: "suspended", plan: "free" } } });
    expect(engine.evaluate(input(["kv.read"]))).toEqual({
      allow: false,
      reasons: ["tenant_suspended"],
    });
    engine.setData({ tenants: {} });
    expect(engine.evaluate(input(["kv.read"]))).toEqual({ allow: true, reasons: [] });
  });

  it("dry-runs against candidate data without touching live data", async () => {
    const candidate = { tenants: { t1: { status: "suspended", plan: "free" } } };
    expect(await engine.dryRun(input(["kv.read"]), candidate)).toEqual({
      allow: false,
      reasons: ["tenant_suspended"],
    });
    expect(engine.evaluate(input(["kv.read"]))).toEqual({ allow: true, reasons: [] });
  });

  it("raises typed errors instead of opa-wasm's thrown strings", async () => {
    expect(() => engine.evaluate({}, "no/such/entrypoint")).toThrow(SidecarError);
    const dir = await mkdtemp(join(tmpdir(), "cpod-policy-"));
    await writeFile(join(dir, "bad.wasm"), "not wasm");
    await expect(OpaPolicyEngine.load(join(dir, "bad.wasm"))).rejects.toBeInstanceOf(SidecarError);
    await expect(OpaPolicyEngine.load(join(dir, "missing.wasm"))).rejects.toMatchObject({
      errorCode: "unavailable",
    });
  });

  it("keeps Wasm memory bounded over 100,000 decisions with periodic data changes", () => {
    const soak = new OpaPolicyEngineSoak(engine);
    const { before, after, peak } = soak.run(100_000);
    console.log(
      `opa-wasm soak: memory before ${before} B, after ${after} B, peak ${peak} B over 100000 decisions`,
    );
    expect(after).toBeLessThanOrEqual(before + 64 * 1024);
    expect(peak).toBeLessThanOrEqual(before + 64 * 1024);
  });
});

/** Runs decisions, changing tenant data every 1,000, and samples linear memory. */
class OpaPolicyEngineSoak {
  constructor(private readonly engine: OpaPolicyEngine) {}

  run(count: number) {
    this.engine.evaluate(input(["kv.read"]));
    const before = this.engine.memoryBytes();
    let peak = before;
    for (let i = 0; i < count; i++) {
      if (i % 1000 === 0)
        this.engine.setData({ tenants: { [`t${i % 7}`]: { status: "active", plan: "free" } } });
      const result = this.engine.evaluate(
        input(i % 2 ? ["kv.read"] : ["kv.write"], i % 3 ? "t1" : "t2"),
      );
      if (!result) throw new Error("no decision");
      if (i % 1000 === 0) peak = Math.max(peak, this.engine.memoryBytes());
    }
    return { before, after: this.engine.memoryBytes(), peak };
  }
}

describe.skipIf(!opaBin)("OpaPolicyEngine hot reload (with the opa CLI)", () => {
  it("swaps in a new bundle without failing decisions in flight, and keeps the old one on a bad file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cpod-reload-"));
    const live = join(dir, "authz.wasm");
    await copyFile(POLICY_BUNDLE, live);
    const engine = await OpaPolicyEngine.load(live);
    const before = engine.status().version;
    await writeFile(
      join(dir, "allow.rego"),
      'package cpod.authz\n\ndecision := {"allow": true, "reasons": ["v2"]}\n',
    );
    await execFile(opaBin as string, [
      "build",
      "-t",
      "wasm",
      "-e",
      "cpod/authz/decision",
      "-o",
      join(dir, "b.tar.gz"),
      join(dir, "allow.rego"),
    ]);
    await execFile("tar", ["-xzf", join(dir, "b.tar.gz"), "-C", dir, "/policy.wasm"]);

    let decisions = 0;
    const loop = setInterval(() => {
      for (let i = 0; i < 200; i++) engine.evaluate(input(["kv.read"]));
      decisions += 200;
    }, 1);
    await copyFile(join(dir, "policy.wasm"), live);
    const reloaded = await engine.reload();
    await new Promise((r) => setTimeout(r, 20));
    clearInterval(loop);

    expect(reloaded.changed).toBe(true);
    expect(reloaded.version).not.toBe(before);
    expect(decisions).toBeGreaterThan(0);
    expect(engine.evaluate(input([]))).toEqual({ allow: true, reasons: ["v2"] });

    await writeFile(live, "garbage");
    await expect(engine.reload()).rejects.toBeInstanceOf(SidecarError);
    expect(engine.status().lastReloadError).toBeTruthy();
    expect(engine.evaluate(input([]))).toEqual({ allow: true, reasons: ["v2"] });
  });
});
