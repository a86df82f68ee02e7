import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CALLER_CREDENTIAL_HEADER, newCallerCredential } from "../../lib/caller-credential.js";
import {
  createSigner,
  serveJwks,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestSigner,
} from "../../test/helpers/tokens.js";
import { childEnv } from "./env.js";
import { TOUR_SCOPES } from "./first-requests.js";
import { benchDir, cpodArgs, freePort, Program, ROOT, tsxArgs } from "./processes.js";

/** The tenant and app every gateway request of the bench acts for. */
export const BENCH_TENANT = "ten_bench";
export const BENCH_APP = "app_bench";
/** Every scope the compared routes and the memory rows' first-request tour need. */
const SCOPES = TOUR_SCOPES.join(" ");

/**
 * Its own limits (see the tenants file's `limits`): high enough that a throughput run never
 * gets a 429, yet every request is still checked against a real counter.
 */
const BENCH_LIMITS = { requestsPerWindow: 1_000_000_000, windowMs: 1_000 };

/** How a Stack is made: all optional, the defaults being the gw-* rows' stack. */
export interface StackOptions {
  /** Store URLs both programs get (`CPOD_*_URL`, `CPOD_S3_*`); none: every store embedded. */
  stores?: Record<string, string>;
  /** The tree whose `bin/cpod.js` runs gateway and sidecar (default this one). */
  root?: string;
  /** Extra env of both programs (e.g. the tracing rows' `OTEL_*`). */
  env?: Record<string, string>;
  /** Start the bare fastify baseline too (default true). */
  bare?: boolean;
}

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
  readonly dir = benchDir("cpod-bench-");
  /** Store URLs both programs get (`CPOD_*_URL`, `CPOD_S3_*`); none: every store embedded. */
  readonly #stores: Record<string, string>;
  sidecar!: Program;
  gateway!: Program;
  bare!: Program;
  /** The no-hop gateway (bench/servers/no-hop-gateway.ts), once `startNoHop` ran. */
  noHop?: Program;
  noHopUrl = "";
  sidecarUrl = "";
  /** The platform caller credential the stack's sidecar requires (one per run). */
  readonly callerCredential = newCallerCredential();
  /** It as request metadata, for the comparisons' own clients. */
  get callerHeaders(): Record<string, string> {
    return { [CALLER_CREDENTIAL_HEADER]: this.callerCredential };
  }
  sidecarOpsUrl = "";
  gatewayUrl = "";
  bareUrl = "";
  token = "";
  #signer!: TestSigner;
  #jwks!: { url: string; close(): Promise<void> };
  /** The sidecar's CoreSDK settings, so the no-hop variant builds its services alike. */
  #sidecarSettings: Record<string, string> = {};

  readonly #root: string;
  readonly #env: Record<string, string>;
  readonly #withBare: boolean;

  constructor(opts: StackOptions = {}) {
    this.#stores = opts.stores ?? {};
    this.#root = opts.root ?? ROOT;
    this.#env = opts.env ?? {};
    this.#withBare = opts.bare ?? true;
  }

  async start(flags: StackFlags = {}): Promise<void> {
    this.#signer = await createSigner("bench-key");
    this.#jwks = await serveJwks([this.#signer.publicJwk]);
    this.token = await this.#signer.sign(
      { sub: BENCH_APP, tenant_id: BENCH_TENANT, app_id: BENCH_APP, scope: SCOPES },
      { expiresInSecs: 3 * 3600 },
    );
    await this.#startSidecar(flags.sidecar ?? []);
    await this.#startGateway(flags.gateway ?? []);
    if (this.#withBare) await this.#startBare();
  }

  /** Every program of the stack, for the memory rows. */
  get programs(): Program[] {
    const optional = [this.bare, this.noHop].filter((p): p is Program => p !== undefined);
    return [this.gateway, this.sidecar, ...optional];
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
    this.#sidecarSettings = {
      CORESDK_LISTEN_ADDR: `127.0.0.1:${port}`,
      CORESDK_METRICS_ADDR: `127.0.0.1:${ops}`,
      CORESDK_JWKS_URL: this.#jwks.url,
      CORESDK_JWT_ISSUER: TEST_ISSUER,
      CORESDK_JWT_AUDIENCE: TEST_AUDIENCE,
      CORESDK_TENANTS_FILE: tenants,
      CORESDK_CALLER_CREDENTIAL: this.callerCredential,
    };
    const env = childEnv({
      ...this.#stores,
      ...this.#env,
      ...this.#sidecarSettings,
      CPOD_DATA_DIR: dataDir,
    });
    const args = cpodArgs("sidecar", nodeFlags, this.#root);
    this.sidecar = new Program("sidecar", args, env, this.dir);
    this.sidecarUrl = `http://127.0.0.1:${port}`;
    this.sidecarOpsUrl = `http://127.0.0.1:${ops}`;
    await this.sidecar.ready(`${this.sidecarOpsUrl}/readyz`);
  }

  async #startGateway(nodeFlags: string[]): Promise<void> {
    const port = await freePort();
    const dataDir = join(this.dir, "gateway");
    const env = childEnv({
      ...this.#stores,
      ...this.#env,
      CPOD_GATEWAY_ADDR: `127.0.0.1:${port}`,
      CORESDK_SIDECAR_ADDR: this.sidecarUrl,
      CORESDK_CALLER_CREDENTIAL: this.callerCredential,
      CPOD_DATA_DIR: dataDir,
    });
    const args = cpodArgs("gateway", nodeFlags, this.#root);
    this.gateway = new Program("gateway", args, env, this.dir, {
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

  /**
   * The no-hop variant: the real gateway in one process with the sidecar's own services called
   * in-process (same settings, tenants and JWKS as the sidecar; its own data directories), so a
   * comparison with the gateway shows what the hop itself costs. Started on demand: it holds a
   * second copy of every embedded store.
   */
  async startNoHop(): Promise<void> {
    if (this.noHop) return;
    const port = await freePort();
    const env = childEnv({
      ...this.#sidecarSettings,
      CPOD_GATEWAY_ADDR: `127.0.0.1:${port}`,
      CPOD_DATA_DIR: join(this.dir, "no-hop"),
      BENCH_SIDECAR_DATA_DIR: join(this.dir, "no-hop-sidecar"),
    });
    this.noHop = new Program("no-hop", tsxArgs("bench/servers/no-hop-gateway.ts"), env, this.dir, {
      discardStdout: true,
    });
    this.noHopUrl = `http://127.0.0.1:${port}`;
    await this.noHop.ready(`${this.noHopUrl}/healthz`);
  }

  /** `Authorization` for gateway requests. */
  get auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /**
   * Audit calls (Emit and EmitBatch — a batch carries many records) the sidecar has answered so
   * far, from its Prometheus metrics. Records are not counted there; calls are enough to tell
   * whether the gateway is still delivering.
   */
  async auditCalls(): Promise<number> {
    const text = await (await fetch(`${this.sidecarOpsUrl}/metrics`)).text();
    return sumSeries(text, "coresdk_rpc_total{", "AuditService/Emit");
  }

  /** EmitBatch calls the no-hop gateway has finished (its in-process services answered). */
  async noHopAuditCalls(): Promise<number> {
    const text = await (await fetch(`${this.noHopUrl}/metrics`)).text();
    return sumSeries(text, "cpod_sidecar_call_duration_seconds_count{", 'step="EmitBatch"');
  }

  /**
   * Waits until the gateway's audit calls stop (the emitter delivers after the response), so one
   * run's leftover work never lands on the next run: quiet means no new audit call answered for
   * 750 ms. Answers how long the delivery went on, in seconds. `calls` is the no-hop gateway's
   * counter when that variant ran.
   */
  async auditQuiet(maxSecs = 300, calls = () => this.auditCalls()): Promise<number> {
    const started = performance.now();
    let last = await calls();
    let stableSince = performance.now();
    while (performance.now() - started < maxSecs * 1000) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await calls();
      if (now !== last) {
        last = now;
        stableSince = performance.now();
      } else if (performance.now() - stableSince >= 750) break;
    }
    return (stableSince - started) / 1000;
  }

  /** `auditQuiet` for the no-hop gateway. */
  noHopAuditQuiet(maxSecs = 300): Promise<number> {
    return this.auditQuiet(maxSecs, () => this.noHopAuditCalls());
  }

  async stop(): Promise<void> {
    await Promise.all([this.gateway?.stop(), this.bare?.stop(), this.noHop?.stop()]);
    await this.sidecar?.stop();
    await this.#jwks?.close();
  }
}

/** The sum of a Prometheus text exposition's samples whose line starts with `series` and has `label`. */
function sumSeries(text: string, series: string, label: string): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(series) && line.includes(label)) {
      total += Number(line.slice(line.lastIndexOf(" ") + 1));
    }
  }
  return total;
}
