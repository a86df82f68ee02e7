import type { FastifyRequest } from "fastify";
import type { RouteSecurity } from "../../../gen/routes/types.js";

/** Route config as `registerRoutes` sets it. */
export interface RouteConfig {
  operationId?: string;
  security?: RouteSecurity;
}

/** The route's config (operation id and security) as registered from the contract. */
export function routeConfig(request: FastifyRequest): RouteConfig {
  return (request.routeOptions.config ?? {}) as RouteConfig;
}
