import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { SCOPES } from "../../server/control-plane/oauth/scopes.js";

/** What `cpod dev` prints and keeps in `<dataDir>/dev-credentials.json` (mode 0600). */
export interface DevCredentials {
  base_url: string;
  /** The control plane's URL: where `cpod tenants|apps|keys|token|audit` send their calls. */
  control_plane_url: string;
  tenant_id: string;
  client_id: string;
  client_secret: string;
  /** The control plane's admin token, for `oauth.apps` and `/v1/tenants` in development. */
  admin_token: string;
  scopes: string[];
}

export const DEV_CREDENTIALS_FILE = "dev-credentials.json";
const DEV_TENANT = "dev";
const DEV_APP = "dev app";
/** 1,000 requests per 10 s: room for a UI, a test suite and the SDK examples at once. */
const DEV_PLAN = "pro";

async function readCredentials(path: string): Promise<DevCredentials | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as DevCredentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${path} is unreadable (${(error as Error).message}); delete it to re-create`);
  }
}

async function writeCredentials(path: string, credentials: DevCredentials): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path); // never a half-written file, even on Ctrl-C mid-write
}

/** One admin call to the in-process control plane; anything but `expected` is a startup error. */
async function admin<T>(
  cp: FastifyInstance,
  token: string,
  call: { method: "GET" | "POST"; url: string; payload?: object },
  expected: number[],
): Promise<{ status: number; body: T }> {
  const response = await cp.inject({
    ...call,
    headers: { authorization: `Bearer ${token}` },
  });
  if (!expected.includes(response.statusCode)) {
    throw new Error(
      `dev bootstrap: ${call.method} ${call.url} → ${response.statusCode} ${response.body}`,
    );
  }
  return { status: response.statusCode, body: response.json() as T };
}

/**
 * The dev tenant and app: created on first run through the control plane's own admin API (so
 * they are exactly what an operator would create), reused on later runs as long as the app still
 * exists. The app declares every scope and is a `web` app, so user-delegated tokens work too.
 * The secret exists only in this file: the control plane keeps its Argon2id hash.
 */
export async function ensureDevCredentials(opts: {
  controlPlane: FastifyInstance;
  adminToken: string;
  dataDir: string;
  baseUrl: string;
  controlPlaneUrl: string;
}): Promise<{ credentials: DevCredentials; created: boolean; path: string }> {
  const path = join(opts.dataDir, DEV_CREDENTIALS_FILE);
  const known = await readCredentials(path);
  if (known) {
    const found = await admin(
      opts.controlPlane,
      opts.adminToken,
      { method: "GET", url: `/v1/oauth/apps/${encodeURIComponent(known.client_id)}` },
      [200, 404],
    );
    if (found.status === 200) {
      const credentials = {
        ...known,
        base_url: opts.baseUrl,
        control_plane_url: opts.controlPlaneUrl,
        admin_token: opts.adminToken,
      };
      await writeCredentials(path, credentials);
      return { credentials, created: false, path };
    }
  }
  const tenant = await admin<{ id: string }>(
    opts.controlPlane,
    opts.adminToken,
    { method: "POST", url: "/v1/tenants", payload: { name: DEV_TENANT, plan: DEV_PLAN } },
    [201],
  );
  const app = await admin<{ client_id: string; client_secret: string }>(
    opts.controlPlane,
    opts.adminToken,
    {
      method: "POST",
      url: "/v1/oauth/apps",
      payload: {
        tenant_id: tenant.body.id,
        name: DEV_APP,
        declared_scopes: [...SCOPES],
        app_type: "web",
      },
    },
    [201],
  );
  const credentials: DevCredentials = {
    base_url: opts.baseUrl,
    control_plane_url: opts.controlPlaneUrl,
    tenant_id: tenant.body.id,
    client_id: app.body.client_id,
    client_secret: app.body.client_secret,
    admin_token: opts.adminToken,
    scopes: [...SCOPES],
  };
  await writeCredentials(path, credentials);
  return { credentials, created: true, path };
}
