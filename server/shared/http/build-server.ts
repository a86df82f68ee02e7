import { randomUUID } from "node:crypto";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { RouteSpec } from "../../../gen/routes/types.js";
import { AccessLogController } from "./access-log.js";
import { clientErrorHandler } from "./client-errors.js";
import { maxParamLength } from "./param-length.js";
import { frameworkErrors, installProblemHandlers } from "./problems.js";
import { createValidatorCompiler } from "./validators.js";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Options every cPod REST program shares. */
export interface ServerOptions {
  /** The generated schema document the route schemas `$ref` (e.g. `gatewaySchemaDocument`). */
  schemaDocument: { $id: string } & Record<string, unknown>;
  /** The generated route table the program will register: the router's limits come from it. */
  routes: readonly RouteSpec[];
  /** Maximum JSON or form body in bytes. */
  bodyLimit?: number;
  /** PEM certificate and key: serve HTTPS (HTTP/1.1 over TLS) instead of plain HTTP. */
  https?: { cert: Buffer; key: Buffer };
  logger?: FastifyServerOptions["logger"];
  /** Told of every route as it is registered (contract tests and tooling list them this way). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

/**
 * A fastify instance with the shared plumbing of every REST program: request ids (a sane incoming
 * `X-Request-Id` is kept), spec validators, Problem errors — the router's and Node's parser's
 * included — form bodies, and a path-parameter limit derived from the spec. Not started.
 */
export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  // An HTTPS server is typed apart from an HTTP one, but every hook and route here is the same:
  // only the listener differs, so callers keep one FastifyInstance type.
  const app = Fastify({
    ...(opts.https ? { https: opts.https } : {}),
    logger: opts.logger ?? false,
    logController: new AccessLogController(),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    // HEAD is declared in the spec where it differs from GET (files); otherwise only public GETs
    // get one, route by route (registerRoutes' impliedHead), never every GET at once.
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: maxParamLength(opts.routes, opts.schemaDocument) },
    // Errors raised before any route or hook runs are Problems too (problems.ts, client-errors.ts).
    frameworkErrors,
    clientErrorHandler,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  }) as unknown as FastifyInstance;
  if (opts.onRoute) app.addHook("onRoute", opts.onRoute);
  app.addSchema(opts.schemaDocument);
  app.setValidatorCompiler(createValidatorCompiler([opts.schemaDocument]));
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(formbody);
  installProblemHandlers(app);
  return app;
}
