import { gatewayRoutes } from "../../gen/routes/gateway.js";
import type { RouteSpec } from "../../gen/routes/types.js";
import { ApiError } from "../shared/errors/api-error.js";
import type { Caller, EntityRecord, EntityService } from "./entities/index.js";
import type { GatewayContext } from "./handlers.js";

/** The generated route's input, as the registrar hands it over (validated by the spec). */
interface EntityInput {
  params: { id?: string };
  query: { limit?: number; cursor?: string; filter?: string; sort?: string };
  headers: { "if-match"?: string };
  body: unknown;
}

type EntityHandler = (input: EntityInput, ctx: GatewayContext) => Promise<unknown>;

/** A strong ETag naming the version, the value `If-Match` sends back. */
function etag(record: EntityRecord): Record<string, string> {
  return { etag: `"${record.version}"` };
}

function callerOf(ctx: GatewayContext): Caller {
  if (!ctx.caller) throw new ApiError("unauthenticated", "This operation needs an access token.");
  return ctx.caller;
}

/** The use case of one generated entity route, told apart by method and `{id}`. */
function handlerFor(spec: RouteSpec, service: EntityService, type: string): EntityHandler {
  const byId = spec.path.endsWith("{id}");
  switch (spec.method) {
    case "GET":
      return byId
        ? async ({ params }, ctx) => {
            const record = await service.get(callerOf(ctx), type, params.id ?? "");
            return { status: 200, body: record, headers: etag(record) };
          }
        : async ({ query }, ctx) => ({
            status: 200,
            body: await service.list(callerOf(ctx), type, query),
          });
    case "POST":
      return async ({ body }, ctx) => {
        const record = await service.create(callerOf(ctx), type, body);
        return { status: 201, body: record, headers: etag(record) };
      };
    case "PATCH":
      return async ({ params, body, headers }, ctx) => {
        const id = params.id ?? "";
        const record = await service.update(callerOf(ctx), type, id, body, headers["if-match"]);
        return { status: 200, body: record, headers: etag(record) };
      };
    case "DELETE":
      return async ({ params, headers }, ctx) => {
        await service.delete(callerOf(ctx), type, params.id ?? "", headers["if-match"]);
        return { status: 204, body: undefined };
      };
    default:
      throw new TypeError(`entity route ${spec.operationId}: unexpected method ${spec.method}`);
  }
}

/**
 * A handler for every generated entity operation (`listPeople`, `createPerson`, …), keyed by
 * operationId and built from the route table, so adding an entity type to `openapi/` and
 * regenerating needs no code here.
 */
export function entityHandlers(service: EntityService): Record<string, EntityHandler> {
  const entries = gatewayRoutes
    .filter((spec) => spec.entity !== undefined)
    .map((spec) => [spec.operationId, handlerFor(spec, service, spec.entity ?? "")] as const);
  return Object.fromEntries(entries);
}
