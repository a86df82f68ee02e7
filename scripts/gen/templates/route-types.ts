/**
 * Types shared by every generated route table. This file is copied verbatim into
 * `gen/routes/types.ts`; servers import it from there.
 */

/** How a route authenticates, read off the operation's `security` in the spec. */
export type RouteSecurity =
  | { kind: "public" }
  | { kind: "admin" }
  | { kind: "oauth2"; scopes: string[] };

/** One operation as a server registers it: fastify URL, JSON Schemas and security. */
export interface RouteSpec {
  /** The spec's operationId; also the handler's name. */
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The OpenAPI path template, e.g. `/v1/kv/{key}`. */
  path: string;
  /** The fastify URL, e.g. `/v1/kv/:key`, or `/v1/files/*` for a greedy parameter. */
  url: string;
  /** The path parameter that spans slashes (fastify's `*`), if any. */
  greedyParam?: string;
  /** A fixed tail after the greedy parameter (e.g. `/presign`), checked at request time. */
  suffix?: string;
  security: RouteSecurity;
  /** How the request body is read: JSON, form-encoded, raw stream, or none. */
  bodyKind: "none" | "json" | "form" | "binary";
  /** fastify route schema: params, querystring, headers, body, response by status. */
  schema: Record<string, unknown>;
  /** The entity type this route serves, for generated EDM routes. */
  entity?: string;
}

/** An entity type declared in `openapi/` with `x-cpod-entity`. */
export interface EntityInfo {
  type: string;
  plural: string;
  id_prefix: string;
  indexed: string[];
  fields: string[];
}

type Part<Op, Where extends string> = Op extends { parameters: infer P }
  ? P extends { [K in Where]?: infer V }
    ? [V] extends [undefined]
      ? Record<string, never>
      : NonNullable<V>
    : Record<string, never>
  : Record<string, never>;

type Body<Op> = Op extends { requestBody?: infer RB }
  ? NonNullable<RB> extends { content: infer C }
    ? C extends { "application/json": infer J }
      ? J
      : C extends { "application/x-www-form-urlencoded": infer F }
        ? F
        : unknown
    : undefined
  : undefined;

type ResponseBody<R> = R extends { content: infer C }
  ? C extends { "application/json": infer J }
    ? J
    : C extends { "application/problem+json": infer P }
      ? P
      : unknown
  : undefined;

/** The validated input a handler receives for one operation. */
export interface HandlerInput<Op> {
  params: Part<Op, "path">;
  query: Part<Op, "query">;
  headers: Part<Op, "header">;
  body: Body<Op>;
}

/** What a handler answers: one of the operation's declared statuses with its body type. */
export type HandlerResult<Op> = Op extends { responses: infer R }
  ? {
      [S in keyof R]: {
        status: S;
        body: ResponseBody<R[S]>;
        headers?: Record<string, string>;
      };
    }[keyof R]
  : never;

/** A handler for one operation; `Ctx` is the program's request context (tenant, caller…). */
export type Handler<Op, Ctx> = (input: HandlerInput<Op>, ctx: Ctx) => Promise<HandlerResult<Op>>;
