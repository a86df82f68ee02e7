import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { SWAGGER_DIR } from "./api-docs.js";

/**
 * The two URLs a browser asks for on its own — the site root and its icon — which are not API
 * operations and so not in the spec. Listed here, once, so the routes contract test can accept
 * exactly these beside the spec's operations.
 */
export const BROWSER_ROUTES = [
  { method: "GET", url: "/" },
  { method: "HEAD", url: "/" },
  { method: "GET", url: "/favicon.ico" },
  { method: "HEAD", url: "/favicon.ico" },
] as const;

/** Where `/` points: the reference first, the machine-readable spec beside it. */
const ROOT_BODY = { docs: "/docs", openapi: "/openapi.json" };

/**
 * `GET /` redirects (302) to `/docs`, so a browser opened on the gateway lands on the API
 * reference; the body names both documents for a client that does not follow redirects.
 * `GET /favicon.ico` is Swagger UI's 32×32 PNG (browsers sniff the type, `.ico` or not), so
 * the browser stops logging a 404 on every page load. Both answer `HEAD` too.
 *
 * @example
 *   registerBrowserRoutes(app); // curl -i http://127.0.0.1:8000/ → 302, location: /docs
 */
export function registerBrowserRoutes(app: FastifyInstance): void {
  const icon = readFileSync(join(SWAGGER_DIR, "favicon-32x32.png"));
  const config = (path: string) => ({ path, security: { kind: "public" } });
  app.get("/", { config: config("/"), exposeHeadRoute: true }, async (_request, reply) =>
    reply.code(302).header("location", "/docs").send(ROOT_BODY),
  );
  app.get(
    "/favicon.ico",
    { config: config("/favicon.ico"), exposeHeadRoute: true },
    async (_request, reply) =>
      reply
        .header("content-type", "image/png")
        .header("cache-control", "public, max-age=86400")
        .header("x-content-type-options", "nosniff")
        .send(icon),
  );
}
