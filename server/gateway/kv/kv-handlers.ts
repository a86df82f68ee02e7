import type { GatewayHandlers } from "../../../gen/routes/gateway.js";
import { requireCaller, scopeOf } from "../data-caller.js";
import type { GatewayContext } from "../handlers.js";
import type { ListCursors } from "../list-cursor.js";
import { type KvService, scopePrefix } from "./index.js";

type KvHandlers = Pick<
  GatewayHandlers<GatewayContext>,
  "listKv" | "putKv" | "getKv" | "deleteKv" | "incrKv"
>;

/** What the KV routes need. */
export interface KvRouteDeps {
  service: KvService;
  cursors: ListCursors;
}

/**
 * `/v1/kv`: thin adapters from the validated request to `KvService`. The namespace (tenant,
 * tier, app or user) is built from the token and the `tier` query only; list cursors are signed
 * and bound to that namespace and the prefix.
 *
 * @example
 *   const handlers = kvHandlers({ service: new KvService(store), cursors });
 */
export function kvHandlers(deps: KvRouteDeps): KvHandlers {
  const kv = deps.service;
  return {
    listKv: async ({ query }, ctx) => {
      const scope = scopeOf(requireCaller(ctx), query.tier);
      const prefix = query.prefix ?? "";
      const binding = {
        area: "kv" as const,
        tenantId: scope.tenantId,
        prefix,
        scopePrefix: scopePrefix(scope),
      };
      const body = await deps.cursors.page(binding, query.cursor, (after) =>
        kv.list(scope, { prefix, limit: query.limit, after }),
      );
      return { status: 200, body };
    },
    putKv: async ({ params, query, body }, ctx) => {
      const entry = await kv.put(scopeOf(requireCaller(ctx), query.tier), params.key, body);
      return { status: 200, body: entry };
    },
    getKv: async ({ params, query }, ctx) => {
      const entry = await kv.get(scopeOf(requireCaller(ctx), query.tier), params.key);
      return { status: 200, body: entry };
    },
    deleteKv: async ({ params, query }, ctx) => {
      const scope = scopeOf(requireCaller(ctx), query.tier);
      await kv.delete(scope, params.key, query.if_version);
      return { status: 204, body: undefined };
    },
    incrKv: async ({ params, query, body }, ctx) => {
      const scope = scopeOf(requireCaller(ctx), query.tier);
      return { status: 200, body: await kv.incr(scope, params.key, body?.by ?? 1) };
    },
  };
}
