import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { gatewayRoutes, gatewaySchemaDocument } from "../../gen/routes/gateway.js";
import { createServer, type ServerOptions } from "../shared/http/build-server.js";
import { registerRoutes } from "../shared/http/register-routes.js";
import { ControlPlaneProxy, DEFAULT_CONTROL_PLANE_URL } from "./control-plane-proxy.js";
import { type GatewayContext, gatewayHandlers } from "./handlers.js";

/** Options for building the gateway; main.ts fills them from the environment. */
export interface GatewayOptions {
  logger?: FastifyServerOptions["logger"];
  onRoute?: ServerOptions["onRoute"];
  /** The control plane the OAuth and app routes forward to (`CPOD_CONTROL_PLANE_URL`). */
  controlPlaneUrl?: string;
}

/**
 * cpod-backend, built and not started (tests `inject`, main.ts listens). Every operation of
 * `openapi/gateway.yaml` is registered from the generated route table.
 */
export async function buildGateway(opts: GatewayOptions = {}): Promise<FastifyInstance> {
  const app = await createServer({
    schemaDocument: gatewaySchemaDocument,
    logger: opts.logger,
    onRoute: opts.onRoute,
  });
  const controlPlane = new ControlPlaneProxy({
    baseUrl: opts.controlPlaneUrl ?? DEFAULT_CONTROL_PLANE_URL,
  });
  controlPlane.install(app);
  registerRoutes<GatewayContext>(app, {
    routes: gatewayRoutes,
    handlers: gatewayHandlers({}, controlPlane),
    context: (request) => ({ requestId: String(request.id) }),
  });
  return app;
}
