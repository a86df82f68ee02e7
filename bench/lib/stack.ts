import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createSigner,
  serveJwks,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestSigner,
} from "../../test/helpers/tokens.js";
import { childEnv } from "./env.js";
import { cpodArgs, freePort, Program, tsxArgs } from "./processes.js";

/** The tenant and app every gateway request of the bench acts for. */
export const BENCH_TENANT = "ten_bench";
export const BENCH_APP = "app_bench";
/** Every scope the compared routes need. */
const SCOPES = "kv.read kv.write entities.read entities.write";

/**
 * Its own limits (see the tenants file's `limits`): high enough that a throughput run never
 * gets a 429, yet every request is still checked against a real counter.
 */
const BENCH_LIMITS = { requestsPerWindow: 1_000_000_000, windowMs: 1_000 };

/** Node flags per program, e.g. `--cpu-prof` for the profile mode. */
export interface StackFlags {
  gateway?: string[];
  sidecar?: string[];
}

/**
 * The production shape on loopback: a sidecar process (`cpod sidecar`, embedded stores, a
 * tenants file), a gateway process (`cpod gateway`) talking to it over HTTP/2, and the bare
 * fastify baseline process; tokens signed by a key whose JWKS the bench serves, as the control
 * plane would.
 */
export class Stack {
  readonly dir = mkdtempSync(join(tmpdir(), "cpod-bench-"));
  sidecar!: Program;
  gateway!: Program;
  bare!: Program;
  sidecarUrl = "";
  sidecarOpsUrl = "";
  gatewayUrl = "";
  bareUrl = "";
  token = "";
  #signer!: TestSigner;
  #jwks!: { url: string; close(): Promise<void> };

  async start(flags: StackFlags = {}): Promise<void> {
    this.#signer = await createSigner("bench-key");
    this.#jwks = await serveJwks([this.#signer.publicJwk]);
    this.token = await this.#signer.sign(
      { sub: BENCH_APP, tenant_id: BENCH_TENANT, app_id: BENCH_APP, scope: SCOPES },
      { expiresInSecs: 3 * 3600 },
    );
    await this.#startSidecar(flags.sidecar ?? []);
    await this.#startGateway(flags.gateway ?? []);
    await this.#startBare();
  }

  /** Every program of the stack, for the memory rows. */
  get programs(): Program[] {
    return [this.gateway, this.sidecar, this.bare];
  }

  async #startSidecar(nodeFlags: string[]): Promise<void> {
    const [port, ops] = [await freePort(), await freePort()];
    const dataDir = join(this.dir, "sidecar");
    mkdirSync(dataDir);
    const tenants = join(dataDir, "tenants.json");
    writeFileSync(
      tenants,
      JSON.stringify([{ id: BENCH_TENANT, plan: "enterprise", limits: BENCH_LIMITS }]),
    );
    const env = childEnv({
      CORESDK_LISTEN_ADDR: `127.0.0.1:${port}`,
      CORESDK_METRICS_ADDR: `127.0.0.1:${ops}`,
      CORESDK_JWKS_URL: this.#jwks.url,
      CORESDK_JWT_ISSUER: TEST_ISSUER,
      CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
      CORESDK_TENANTS_FILE: tenants,
      CPOD_DATA_DIR: dataDir,
    });
    this.sidecar = new Program("sidecar", cpodArgs("sidecar", nodeFlags), env, this.dir);
    this.sidecarUrl = `http://127.0.0.1:${port}`;
    this.sidecarOpsUrl = `http://127.0.0.1:${ops}`;
    await this.sidecar.ready(`${this.sidecarOpsUrl}/readyz`);
  }

  async #startGateway(nodeFlags: string[]): Promise<void> {
    const port = await freePort();
    const dataDir = join(this.dir, "gateway");
    const env = childEnv({
      CPOD_GATEWAY_ADDR: `127.0.0.1:${port}`,
      CORESDK_SIDECAR_ADDR: this.sidecarUrl,
      CPOD_DATA_DIR: dataDir,
    });
    this.gateway = new Program("gateway", cpodArgs("gateway", nodeFlags), env, this.dir, {
      discardStdout: true,
    });
    this.gatewayUrl = `http://127.0.0.1:${port}`;
    await this.gateway.ready(`${this.gatewayUrl}/healthz`);
  }

  async #startBare(): Promise<void> {
    const port = await freePort();
    const env = childEnv({
      BENCH_BARE_ADDR: `127.0.0.1:${port}`,
      CPOD_DATA_DIR: join(this.dir, "bare"),
    });
    this.bare = new Program("bare", tsxArgs("bench/servers/bare.ts"), env, this.dir);
    this.bareUrl = `http://127.0.0.1:${port}`;
    await this.bare.ready(`${this.bareUrl}/healthz`);
  }

  /** `Authorization` for gateway requests. */
  get auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /** How many Emit calls the sidecar has answered so far (from its Prometheus metrics). */
  async emitted(): Promise<number> {
    const text = await (await fetch(`${this.sidecarOpsUrl}/metrics`)).text();
    let total = 0;
    for (const line of text.split("\n")) {
      if (line.startsWith("coresdk_rpc_total{") && line.includes("AuditService/Emit")) {
        total += Number(line.slice(line.lastIndexOf(" ") + 1));
      }
    }
    return total;
  }

  /**
   * Waits until the gateway's audit records stop arriving at the sidecar (the emitter drains
   * after the response), so one run's leftover work never lands on the next run. Answers how
   * long that took, in seconds.
   */
  async auditQuiet(maxSecs = 300): Promise<number> {
    const started = performance.now();
    let last = await this.emitted();
    let stableSince = performance.now();
    while (performance.now() - started < maxSecs * 1000) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await this.emitted();
      if (now !== last) {
        last = now;
        stableSince = performance.now();
      } else if (performance.now() - stableSince >= 750) break;
    }
    return (stableSince - started) / 1000;
  }

  async stop(): Promise<void> {
    await Promise.all([this.gateway?.stop(), this.bare?.stop()]);
    await this.sidecar?.stop();
    await this.#jwks?.close();
  }
}
