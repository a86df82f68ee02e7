import {
  type GatewayEntityOperationId,
  type GatewayHandlers,
  gatewayEntityOperations,
} from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import type { GatewayContext } from "../handlers.js";
import type { Caller, EntityRecord, EntityService } from "./index.js";

/** The handlers of every generated entity operation (`listPeople`, `createPerson`, …). */
export type EntityHandlers = Pick<GatewayHandlers<GatewayContext>, GatewayEntityOperationId>;

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

/** The handler of one use case (`list`, `get`, `create`, `update`, `delete`) for one type. */
function handlerFor(useCase: string, service: EntityService, type: string): EntityHandler {
  switch (useCase) {
    case "list":
      return async ({ query }, ctx) => ({
        status: 200,
        body: await service.list(callerOf(ctx), type, query),
      });
    case "get":
      return async ({ params }, ctx) => {
        const record = await service.get(callerOf(ctx), type, params.id ?? "");
        return { status: 200, body: record, headers: etag(record) };
      };
    case "create":
      return async ({ body }, ctx) => {
        const record = await service.create(callerOf(ctx), type, body);
        return { status: 201, body: record, headers: etag(record) };
      };
    case "update":
      return async ({ params, body, headers }, ctx) => {
        const id = params.id ?? "";
        const record = await service.update(callerOf(ctx), type, id, body, headers["if-match"]);
        return { status: 200, body: record, headers: etag(record) };
      };
    case "delete":
      return async ({ params, headers }, ctx) => {
        await service.delete(callerOf(ctx), type, params.id ?? "", headers["if-match"]);
        return { status: 204, body: undefined };
      };
    default:
      throw new TypeError(`entity operation of ${type}: unexpected use case ${useCase}`);
  }
}

/**
 * A handler for every generated entity operation, keyed by the operationIds the generator
 * emits per type and use case (`gatewayEntityOperations`), so adding an entity type to
 * `openapi/` and regenerating needs no code here, and the result's type names every one of
 * them: `gatewayHandlers` is checked for completeness by the compiler.
 *
 * @example
 *   const handlers = entityHandlers(new EntityService({ store, types, cursorKey }));
 */
export function entityHandlers(service: EntityService): EntityHandlers {
  const entries = Object.entries(gatewayEntityOperations).flatMap(([type, operations]) =>
    Object.entries(operations).map(([useCase, id]) => [id, handlerFor(useCase, service, type)]),
  );
  // The one unchecked step: the keys are exactly the generated GatewayEntityOperationId, but
  // EntityService is generic over types, so each record's shape is checked by the route's
  // response schema at run time rather than by tsc.
  return Object.fromEntries(entries) as EntityHandlers;
}
