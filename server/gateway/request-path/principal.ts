import type { FastifyRequest } from "fastify";
import type { TokenClaims } from "../../../gen/proto/coresdk/v1/auth_pb.js";
import type { RouteSecurity } from "../../../gen/routes/types.js";

/** What the request path learned about one request, for the handler and the audit hook. */
export interface RequestState {
  /** The verified claims (step 2); the only source of tenant, app and user. */
  claims?: TokenClaims;
  /** The access token those claims were verified from, for tenant-scoped sidecar calls. */
  accessToken?: string;
  /** The policy action (the route's scope) and the resource it touched. */
  action?: string;
  resource?: { type: string; id: string };
  /** Set when a step refused the request (403/429), so audit records `denied`. */
  denied?: boolean;
  /** The steps the sidecar ran for this request and how long each took there (Server-Timing). */
  steps?: SidecarStep[];
  /** The Admit round trip as the gateway waited for it (Server-Timing `sidecar`, the metrics). */
  sidecar?: { ms: number; ok: boolean };
}

/** One step of the request path as the sidecar ran it. */
export interface SidecarStep {
  /** The step: `ValidateToken`, `Authorize` or `Check`. */
  step: string;
  ms: number;
}

/** Route config as `registerRoutes` sets it. */
export interface RouteConfig {
  operationId?: string;
  security?: RouteSecurity;
}

const states = new WeakMap<FastifyRequest, RequestState>();

/**
 * The per-request state, kept beside the request instead of decorating it, so nothing outside
 * the request path can set claims by accident (a header or body never reaches this map).
 */
export function requestState(request: FastifyRequest): RequestState {
  let state = states.get(request);
  if (!state) {
    state = {};
    states.set(request, state);
  }
  return state;
}

/** The route's config (operation id and security) as registered from the contract. */
export function routeConfig(request: FastifyRequest): RouteConfig {
  return (request.routeOptions.config ?? {}) as RouteConfig;
}
