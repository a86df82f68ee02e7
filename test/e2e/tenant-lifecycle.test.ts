// Issue #17 item 1 end to end over real sockets against `cpod dev` (a child process: gateway,
// control plane and sidecar wired as separate programs would be): a tenant's plan change and a
// limit override, made on the control plane's admin API, move the gateway's `RateLimit-Limit`;
// a suspended tenant's calls are refused, and after a resume a new token for its app works (and
// so does the one issued before the suspension, which nothing revoked).
// The sidecar's tenant cache is cut to 200 ms, so each change shows up within a few polls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDevPlatform, startDevPlatform } from "../helpers/dev-platform.js";
import { freePort } from "../helpers/private-server.js";

/** How long a change may take to reach the gateway: many times the 200 ms tenant cache. */
const PROPAGATION_MS = 15_000;

interface Answer {
  status: number;
  limit: string | null;
  body: { code?: string } | undefined;
}

describe("tenant lifecycle through the gateway", () => {
  let dev: RunningDevPlatform;
  let controlPlane: string;

  beforeAll(async () => {
    const port = await freePort();
    controlPlane = `http://127.0.0.1:${port}`;
    dev = await startDevPlatform({
      env: { CPOD_CONTROL_PLANE_ADDR: `127.0.0.1:${port}`, CORESDK_TENANT_CACHE_TTL_MS: "200" },
    });
  }, 200_000);
  afterAll(async () => {
    expect(await dev?.stop()).toBe(0);
  });

  /** One admin call on the control plane (tenants are managed there, not on the gateway). */
  async function admin(method: "POST" | "PATCH", path: string, body?: object) {
    const response = await fetch(`${controlPlane}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${dev.adminToken}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBe(200);
    return response.json();
  }

  /** One data call through the gateway with `auth`. */
  async function dataCall(auth: Record<string, string>): Promise<Answer> {
    const response = await fetch(`${dev.baseUrl}/v1/entities/people?limit=1`, { headers: auth });
    const text = await response.text();
    return {
      status: response.status,
      limit: response.headers.get("ratelimit-limit"),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  /** Polls the gateway until `done` holds (a change is in force), or fails naming the last answer. */
  async function until(auth: Record<string, string>, done: (a: Answer) => boolean) {
    const end = Date.now() + PROPAGATION_MS;
    let last = await dataCall(auth);
    while (!done(last)) {
      if (Date.now() > end) throw new Error(`change not seen; last answer ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await dataCall(auth);
    }
    return last;
  }

  it("moves RateLimit-Limit on a plan change and on a limits override", async () => {
    const auth = await dev.bearer();
    const tenant = `/v1/tenants/${dev.tenantId}`;
    // The dev tenant is on the pro plan: 1,000 per window.
    expect(await dataCall(auth)).toMatchObject({ status: 200, limit: "1000" });

    await admin("PATCH", tenant, { plan: "enterprise" });
    expect(await until(auth, (a) => a.limit === "10000")).toMatchObject({ status: 200 });

    const overridden = await admin("PATCH", tenant, { limits: { requests_per_window: 777 } });
    expect(overridden).toMatchObject({ plan: "enterprise", limits: { requests_per_window: 777 } });
    expect(await until(auth, (a) => a.limit === "777")).toMatchObject({ status: 200 });

    await admin("PATCH", tenant, { plan: "pro", limits: null });
    expect(await until(auth, (a) => a.limit === "1000")).toMatchObject({ status: 200 });
  });

  it("refuses a suspended tenant's calls and tokens; after resume a new token works", async () => {
    const before = await dev.bearer();
    expect((await dataCall(before)).status).toBe(200);

    await admin("POST", `/v1/tenants/${dev.tenantId}/suspend`);
    const refused = await until(before, (a) => a.status !== 200);
    expect(refused).toMatchObject({ status: 403, body: { code: "tenant_suspended" } });
    await expect(dev.bearer()).rejects.toThrow(/answered 401.*invalid_client/);

    await admin("POST", `/v1/tenants/${dev.tenantId}/resume`);
    const after = await dev.bearer();
    expect(await until(after, (a) => a.status === 200)).toMatchObject({ limit: "1000" });
    // A suspension revokes nothing (the contract says so): the earlier token works again too.
    expect((await dataCall(before)).status).toBe(200);
  });
});
