import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { buildControlPlane } from "../../server/control-plane/app.js";
import { BROWSER_ROUTES } from "../../server/gateway/ops/browser-routes.js";
import { buildTestGateway } from "../helpers/gateway-ports.js";
import { openFreshDatabase } from "../helpers/sql-database.js";

/**
 * The spec is the route list: every OpenAPI operation is registered by its program, and every
 * registered route is an operation of the spec — or the HEAD a public GET implies, or one of the
 * gateway's two browser routes (`/`, `/favicon.ico`). Read from the bundled documents in gen/openapi.
 */
type Paths = Record<string, Record<string, unknown>>;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

function specOperations(file: string): string[] {
  const doc = JSON.parse(
    readFileSync(new URL(`../../gen/openapi/${file}`, import.meta.url), "utf8"),
  );
  return Object.entries(doc.paths as Paths).flatMap(([path, item]) => {
    const methods = METHODS.filter((m) => item[m]);
    const get = item.get as { security?: unknown[] } | undefined;
    // A public GET (`security: []`) answers HEAD as well (register-routes.ts impliedHead).
    if (get?.security?.length === 0 && !methods.includes("head")) methods.push("head");
    return methods.map((m) => `${m.toUpperCase()} ${toFastify(path)}`);
  });
}

/** `{key}` → `:key`; a greedy `{path}` (and any fixed tail after it) → `*`. */
function toFastify(path: string): string {
  if (path.startsWith("/v1/files/{path}")) return "/v1/files/*";
  if (path === "/v1/presigned/{key}") return "/v1/presigned/*";
  return path.replace(/\{([^}]+)\}/g, ":$1");
}

async function registered(
  build: (opts: {
    onRoute: (r: { method: string | string[]; url: string }) => void;
  }) => Promise<FastifyInstance>,
) {
  const routes: string[] = [];
  const app = await build({
    onRoute: (route) => {
      for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
    },
  });
  await app.ready();
  return { app, routes };
}

const programs = [
  {
    name: "gateway",
    spec: "gateway.json",
    build: buildTestGateway,
    extra: BROWSER_ROUTES.map((r) => `${r.method} ${r.url}`),
  },
  {
    name: "control plane",
    spec: "controlPlane.json",
    // Its own database, released when the app closes (the store does not own an injected one).
    build: async (opts: Parameters<typeof buildControlPlane>[0]) => {
      const sql = await openFreshDatabase({ schema: "control_plane" });
      const app = await buildControlPlane({ ...opts, sql, sidecar: null });
      app.addHook("onClose", () => sql.close());
      return app;
    },
  },
];

describe.each(programs)("$name routes match its spec", ({ spec, build, extra = [] }) => {
  const apps: FastifyInstance[] = [];
  afterAll(async () => Promise.all(apps.map((app) => app.close())));

  it("registers exactly the spec's operations", async () => {
    const { app, routes } = await registered(build);
    apps.push(app);
    const want = [...new Set([...specOperations(spec), ...extra])].sort();
    expect([...new Set(routes)].sort()).toEqual(want);
    expect(want.length).toBeGreaterThan(10);
  }, 120_000); // building the control plane migrates its database: slow on a loaded 2-core box
});
