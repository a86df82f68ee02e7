// Abuse: while wrong-secret requests hammer the token endpoint, correct requests keep being
// answered promptly — Argon2 runs on libuv's threadpool (bounded, trusted pairs first, others
// round-robin by address) and failures are cut off per address and per client_id before any
// hashing. The control plane runs in its own process (`cpod control-plane`), so the load
// generator does not share its event loop. Prints p50/p99.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, ADMIN_TOKEN, basic, freePort } from "./helpers.js";

const FLOOD = 100;
const SAMPLES = 40;
const GOOD_ADDRESS = "198.51.100.10";
const WRONG = `cs_${"W".repeat(43)}`;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
};

describe("token endpoint under a wrong-secret flood (separate process)", () => {
  let child: ChildProcess;
  let url: string;
  let app: { client_id: string; client_secret: string };
  const report: string[] = [];

  const tokenRequest = (secret: string, from: string) =>
    fetch(`${url}/v1/oauth/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: basic(app.client_id, secret),
        "x-forwarded-for": from,
      },
      body: "grant_type=client_credentials",
    }).then(async (res) => {
      await res.arrayBuffer();
      return res.status;
    });

  /** Sequential correct requests from an address that authenticated before; latencies in ms. */
  async function measure(
    until: () => boolean,
    path: "token" | "jwks" = "token",
  ): Promise<number[]> {
    const latencies: number[] = [];
    while (latencies.length < 5 || (latencies.length < SAMPLES && !until())) {
      const start = performance.now();
      const status =
        path === "token"
          ? await tokenRequest(app.client_secret, GOOD_ADDRESS)
          : await getStatus(`${url}/.well-known/jwks.json`);
      latencies.push(performance.now() - start);
      expect(status).toBe(200);
    }
    return latencies;
  }

  function record(label: string, latencies: number[], extra = "") {
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    report.push(
      `${label}: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (n=${latencies.length})${extra}`,
    );
    return { p50, p99 };
  }

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["bin/cpod.js", "control-plane"], {
      env: {
        PATH: process.env.PATH,
        CPOD_CONTROL_PLANE_ADDR: `127.0.0.1:${port}`,
        CPOD_DATA_DIR: mkdtempSync(join(tmpdir(), "cpod-flood-")),
        CPOD_ADMIN_TOKEN: ADMIN_TOKEN,
        CORESDK_SIDECAR_ADDR: "",
      },
      stdio: "ignore",
    });
    for (let i = 0; ; i++) {
      const up = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 600 || child.exitCode !== null) throw new Error("control plane did not start");
      await new Promise((r) => setTimeout(r, 200));
    }
    const post = <T>(path: string, body: object): Promise<T> =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { ...ADMIN, "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<T>);
    const tenant = await post<{ id: string }>("/v1/tenants", { name: "flood" });
    app = await post<typeof app>("/v1/oauth/apps", {
      tenant_id: tenant.id,
      name: "good",
      declared_scopes: ["kv.read"],
      app_type: "service",
    });
    expect(await tokenRequest(app.client_secret, GOOD_ADDRESS)).toBe(200); // now a known pair
  }, 180_000);

  afterAll(async () => {
    console.log(
      `\n[token endpoint, good secret, while wrong secrets flood it]\n  ${report.join("\n  ")}\n`,
    );
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("baseline without a flood", async () => {
    record("baseline, no flood", await measure(() => false));
  }, 60_000);

  it("a burst of 100 concurrent wrong-secret requests from 100 addresses (every one hashed)", async () => {
    let done = false;
    const burst = Promise.all(
      Array.from({ length: FLOOD }, (_, i) => tokenRequest(WRONG, `192.0.2.${i}`)),
    ).then((statuses) => {
      done = true;
      return statuses;
    });
    const latencies = await measure(() => done);
    const statuses = await burst;
    const { p99 } = record(
      "burst of 100 from 100 addresses",
      latencies,
      ` → flood answers ${JSON.stringify(count(statuses))}`,
    );
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(p99).toBeLessThan(5_000); // a stall guard; the numbers themselves are reported
  }, 120_000);

  it("100 wrong-secret requests kept in flight from one address (cut off after 20)", async () => {
    let running = true;
    const statuses: number[] = [];
    const worker = async () => {
      while (running) statuses.push(await tokenRequest(WRONG, "203.0.113.66"));
    };
    const workers = Array.from({ length: FLOOD }, worker);
    await new Promise((r) => setTimeout(r, 300));
    const latencies = await measure(() => false);
    const jwks = await measure(() => false, "jwks");
    running = false;
    await Promise.all(workers);
    const { p99 } = record(
      "sustained 100 in flight from 1 address",
      latencies,
      ` → flood answers ${JSON.stringify(count(statuses))}`,
    );
    record("sustained 100 in flight from 1 address, JWKS (no hashing)", jwks);
    // The burst above already spent this client_id's failure budget: all cheap 429s now.
    expect(count(statuses)[401] ?? 0).toBeLessThanOrEqual(20);
    expect(p99).toBeLessThan(5_000);
  }, 120_000);
});

/** GETs `url`, drains the body, returns the status. */
async function getStatus(url: string): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

function count(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}
