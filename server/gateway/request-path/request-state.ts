import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from "fastify";
import fp from "fastify-plugin";
import type { TokenClaims } from "../../../gen/proto/coresdk/v1/auth_pb.js";

/**
 * What the request path learned about one request, for the handler and the plugins after it
 * (idempotency, observability, audit). Only the request path writes it; a header or body never
 * reaches it, so nothing a client sends can set claims.
 */
export interface CpodRequestState {
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
  /** How long the request waited for its turn to be admitted, when it had to (Server-Timing `queue`). */
  queuedMs?: number;
}

/** One step of the request path as the sidecar ran it. */
export interface SidecarStep {
  /** The step: `ValidateToken`, `Authorize` or `Check`. */
  step: string;
  ms: number;
}

declare module "fastify" {
  interface FastifyRequest {
    /**
     * The gateway's per-request state (`cpod-request-state`): a fresh object from the first
     * onRequest hook any gateway plugin adds, so every later hook and handler can read it.
     */
    cpod: CpodRequestState;
  }
}

/** The plugin name the request path and its readers declare as a dependency. */
export const REQUEST_STATE_PLUGIN = "cpod-request-state";

/** Gives each request its own state object (a reference decoration is never shared). */
function freshState(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  request.cpod = {};
  done();
}

/**
 * Owns `request.cpod` the way fastify recommends for an object decoration: declared once with no
 * shared value (`null` is refused by fastify's types for a non-null property; `undefined` gives
 * the same fixed shape), then a new object per request in `onRequest`. Registered before the
 * transport and backlog guards, so a request they refuse is audited from an initialised state.
 *
 * @example
 *   await app.register(requestState);
 *   await app.register(requestPath, { sidecar, failMode: "closed" });
 */
export const requestState = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest("cpod");
    app.addHook("onRequest", freshState);
  },
  { name: REQUEST_STATE_PLUGIN, fastify: "5.x" },
);
