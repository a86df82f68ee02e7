import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteSpec } from "../../../gen/routes/types.js";
import { ApiError } from "../errors/api-error.js";
import { bodyProblem, MAX_JSON_DEPTH } from "./json-body-rules.js";

/** What any handler answers, seen from the registrar (typed per operation by the interface). */
interface AnyResult {
  status: unknown;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Any generated handler, seen from the registrar (typed per operation by the handler interface). */
// biome-ignore lint/suspicious/noExplicitAny: the registrar is generic over every operation.
type AnyHandler<Ctx> = (input: any, ctx: Ctx) => Promise<AnyResult>;

/** What a program passes to register its generated route table. */
export interface RouteRegistration<Ctx> {
  routes: readonly RouteSpec[];
  handlers: { [operationId: string]: AnyHandler<Ctx> } | object;
  /** Builds the handler context (caller, tenant, raw request) for one request. */
  context: (request: FastifyRequest, reply: FastifyReply) => Ctx | Promise<Ctx>;
}

/** The greedy parameter's value: the rest of the URL path, less the route's fixed suffix. */
function greedyParams(request: FastifyRequest, spec: RouteSpec): Record<string, string> {
  const raw = (request.params as Record<string, string>)["*"] ?? "";
  const value = spec.suffix ? raw.slice(0, -spec.suffix.length) : raw;
  return { ...(request.params as Record<string, string>), [spec.greedyParam ?? "*"]: value };
}

/** A wildcard route with a fixed tail (`/v1/files/*` + `/presign`) only matches with that tail. */
function suffixGuard(spec: RouteSpec) {
  return async (request: FastifyRequest) => {
    const raw = (request.params as Record<string, string>)["*"] ?? "";
    if (spec.suffix && !raw.endsWith(spec.suffix)) {
      throw new ApiError("not_found", `No route ${request.method} for this path`);
    }
  };
}

/** What a JSON operation accepts (RFC 6838 structured `+json` suffixes included). */
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Refuses a body of another media type on a JSON operation, before it is parsed: the form parser
 * exists for the OAuth routes, and without this a form body would be parsed into an object and
 * pass a JSON route's schema (415 `unsupported_media_type` instead). Form operations (OAuth)
 * answer a wrong body themselves, in RFC 6749's error format.
 */
function mediaGuard(spec: RouteSpec) {
  if (spec.bodyKind !== "json") return undefined;
  return async (request: FastifyRequest) => {
    const type = request.headers["content-type"];
    if (type !== undefined && !JSON_MEDIA.test(type)) {
      throw new ApiError("unsupported_media_type", "Send the body as application/json.");
    }
  };
}

/** What each body problem tells the client. */
const BODY_PROBLEMS = {
  too_deep: `at most ${MAX_JSON_DEPTH} levels of objects and arrays`,
  unstorable_character:
    "strings and keys must not hold NUL or unpaired surrogates (\\u0000, \\ud800)",
} as const;

/**
 * Refuses a parsed JSON body that no store can keep as sent — nested past the limit, or with a
 * NUL or a lone surrogate in a string or key — before anything recurses over it or writes it.
 */
async function bodyGuard(request: FastifyRequest): Promise<void> {
  const problem = bodyProblem(request.body, MAX_JSON_DEPTH);
  if (!problem) return;
  const message = BODY_PROBLEMS[problem];
  throw new ApiError("validation_failed", `The body breaks a rule: ${message}.`, {
    errors: [{ path: "/body", message }],
  });
}

function handlerFor<Ctx>(reg: RouteRegistration<Ctx>, operationId: string): AnyHandler<Ctx> {
  const handler = (reg.handlers as Record<string, AnyHandler<Ctx>>)[operationId];
  if (typeof handler !== "function") throw new TypeError(`no handler for operation ${operationId}`);
  return handler;
}

/**
 * Registers every operation of a generated route table on a fastify instance, with the spec's
 * schemas for validation and serialization. Routes are the spec: nothing is registered by hand.
 */
export function registerRoutes<Ctx>(app: FastifyInstance, reg: RouteRegistration<Ctx>): void {
  const binary = reg.routes.filter((spec) => spec.bodyKind === "binary");
  for (const spec of reg.routes) if (spec.bodyKind !== "binary") registerRoute(app, reg, spec);
  if (binary.length === 0) return;
  for (const spec of binary) handlerFor(reg, spec.operationId); // a missing one throws now
  // Streamed uploads: in their own encapsulated context, every content type — JSON included —
  // reaches the handler as the unread request stream, never parsed or buffered. Other routes
  // keep the JSON/form parsers and their 415 for anything else.
  app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    for (const spec of binary) registerRoute(child, reg, spec);
  });
}

/**
 * A public `GET` (health, readiness, the spec, the docs, JWKS) also answers `HEAD` like `GET`
 * without a body, as RFC 9110 §9.3.2 expects and uptime checkers and `curl -I` assume. Other
 * operations get `HEAD` only where the spec declares it (files), so a token-guarded read never
 * gains an undeclared method.
 */
export function impliedHead(spec: Pick<RouteSpec, "method" | "security">): boolean {
  return spec.method === "GET" && spec.security.kind === "public";
}

/** One operation as a fastify route: the spec's schemas, its config, the generic handler. */
function registerRoute<Ctx>(app: FastifyInstance, reg: RouteRegistration<Ctx>, spec: RouteSpec) {
  const handler = handlerFor(reg, spec.operationId);
  app.route({
    method: spec.method as "GET",
    url: spec.url,
    exposeHeadRoute: impliedHead(spec),
    schema: spec.schema,
    config: {
      operationId: spec.operationId,
      path: spec.path,
      security: spec.security,
      entity: spec.entity,
    },
    ...(spec.suffix ? { onRequest: suffixGuard(spec) } : {}),
    ...(mediaGuard(spec) ? { preParsing: mediaGuard(spec) } : {}),
    ...(spec.bodyKind === "json" ? { preValidation: bodyGuard } : {}),
    handler: async (request, reply) => {
      const params = spec.greedyParam ? greedyParams(request, spec) : request.params;
      const input = {
        params,
        query: request.query,
        headers: request.headers,
        body: request.body,
      };
      const result = await handler(input, await reg.context(request, reply));
      reply.code(Number(result.status)).headers(result.headers ?? {});
      return result.body === undefined ? reply.send() : result.body;
    },
  });
}
