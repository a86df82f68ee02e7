import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { controlPlaneRoutes, controlPlaneSchemaDocument } from "../../gen/routes/controlPlane.js";
import { createServer, type ServerOptions } from "../shared/http/build-server.js";
import { registerRoutes } from "../shared/http/register-routes.js";
import { type ControlPlaneContext, controlPlaneHandlers } from "./handlers.js";

/** Options for building the control plane; main.ts fills them from the environment. */
export interface ControlPlaneOptions {
  logger?: FastifyServerOptions["logger"];
  onRoute?: ServerOptions["onRoute"];
}

/** The control plane, built and not started; every spec operation registered from gen/. */
export async function buildControlPlane(opts: ControlPlaneOptions = {}): Promise<FastifyInstance> {
  const app = await createServer({
    schemaDocument: controlPlaneSchemaDocument,
    logger: opts.logger,
    onRoute: opts.onRoute,
  });
  registerRoutes<ControlPlaneContext>(app, {
    routes: controlPlaneRoutes,
    handlers: controlPlaneHandlers({}),
    context: (request) => ({ requestId: String(request.id) }),
  });
  return app;
}
