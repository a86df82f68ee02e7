import type { OpenApiDoc } from "./openapi-bundle.js";
import type { EntityInfo, RouteSecurity, RouteSpec } from "./templates/route-types.js";

type Obj = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
const DROP = new Set(["example", "examples", "externalDocs", "xml", "discriminator"]);

/** Follows a local `#/components/...` reference (parameters, responses, request bodies). */
function deref(doc: OpenApiDoc, value: unknown): Obj {
  let node = value as Obj;
  for (let hops = 0; typeof node?.$ref === "string" && hops < 10; hops++) {
    const parts = (node.$ref as string).replace(/^#\//, "").split("/");
    node = parts.reduce<unknown>((at, key) => (at as Obj)?.[key], doc) as Obj;
  }
  if (!node) throw new Error(`openapi: unresolved reference ${(value as Obj).$ref}`);
  return node;
}

/** Drops annotations ajv does not know and points schema `$ref`s at the shared schema document. */
export function toFastifySchema(value: unknown, schemaId: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toFastifySchema(item, schemaId));
  if (!value || typeof value !== "object") return value;
  const out: Obj = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith("x-") || DROP.has(key)) continue;
    if (key === "$ref" && typeof child === "string" && child.startsWith("#/")) {
      out.$ref = `${schemaId}${child}`;
    } else if (key === "properties" && child && typeof child === "object") {
      // Property names are data, not keywords: never drop or rewrite them.
      out.properties = Object.fromEntries(
        Object.entries(child).map(([name, s]) => [name, toFastifySchema(s, schemaId)]),
      );
    } else out[key] = toFastifySchema(child, schemaId);
  }
  return out;
}

/** Schemes that authenticate an OAuth client to the OAuth endpoints, not a caller to a route. */
const CLIENT_AUTH = new Set(["clientBasic"]);

function security(doc: OpenApiDoc, op: Obj): RouteSecurity {
  const reqs = (op.security ?? doc.security ?? []) as Record<string, string[]>[];
  // No requirement, or client authentication the handler does itself (OAuth endpoints).
  if (reqs.every((req) => Object.keys(req).every((name) => CLIENT_AUTH.has(name)))) {
    return { kind: "public" };
  }
  if (reqs.some((req) => "adminToken" in req)) return { kind: "admin" };
  const scopes = reqs.flatMap((req) => req.oauth2 ?? []);
  if (scopes.length > 0) return { kind: "oauth2", scopes };
  throw new Error(`openapi: ${op.operationId} has a security requirement the generator can't map`);
}

function objectSchema(params: Obj[], lower: boolean): Obj | undefined {
  if (params.length === 0) return undefined;
  const name = (p: Obj) => (lower ? String(p.name).toLowerCase() : String(p.name));
  return {
    type: "object",
    properties: Object.fromEntries(params.map((p) => [name(p), p.schema ?? {}])),
    required: params.filter((p) => p.required).map(name),
  };
}

function bodyOf(doc: OpenApiDoc, op: Obj): { kind: RouteSpec["bodyKind"]; schema?: unknown } {
  if (!op.requestBody) return { kind: "none" };
  const content = (deref(doc, op.requestBody).content ?? {}) as Record<string, Obj>;
  if (content["application/json"])
    return { kind: "json", schema: content["application/json"].schema };
  const form = content["application/x-www-form-urlencoded"];
  if (form) return { kind: "form", schema: form.schema };
  return { kind: "binary" };
}

function responsesOf(doc: OpenApiDoc, op: Obj): Obj {
  const out: Obj = {};
  for (const [status, raw] of Object.entries((op.responses ?? {}) as Obj)) {
    const content = (deref(doc, raw).content ?? {}) as Record<string, Obj>;
    const json = content["application/json"] ?? content["application/problem+json"];
    if (json?.schema) out[status] = json.schema;
  }
  return out;
}

function urlOf(path: string, params: Obj[]): Pick<RouteSpec, "url" | "greedyParam" | "suffix"> {
  const greedy = params.find((p) => p["x-cpod-greedy"]);
  if (!greedy) return { url: path.replace(/\{([^}]+)\}/g, ":$1") };
  const marker = `{${greedy.name}}`;
  const [head = "", suffix = ""] = path.split(marker);
  // fastify's wildcard must end the URL; the fixed suffix after it is checked by the router.
  return {
    url: `${head.replace(/\{([^}]+)\}/g, ":$1")}*`,
    greedyParam: String(greedy.name),
    ...(suffix ? { suffix } : {}),
  };
}

/** Reads every operation of a bundled document into route specs, in a stable order. */
export function routeSpecs(doc: OpenApiDoc, schemaId: string, entities: EntityInfo[]): RouteSpec[] {
  const byPlural = new Map(entities.map((e) => [`/v1/entities/${e.plural}`, e.type]));
  const specs: RouteSpec[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = ((item.parameters ?? []) as Obj[]).map((p) => deref(doc, p));
    for (const method of METHODS.filter((m) => item[m])) {
      const op = item[method] as Obj;
      const params = [...shared, ...((op.parameters ?? []) as Obj[]).map((p) => deref(doc, p))];
      const of = (where: string) => params.filter((p) => p.in === where);
      const body = bodyOf(doc, op);
      const url = urlOf(path, params);
      const pathParams = url.greedyParam ? [] : of("path");
      const schema = toFastifySchema(
        {
          params: objectSchema(pathParams, false),
          querystring: objectSchema(of("query"), false),
          headers: objectSchema(of("header"), true),
          body: body.schema,
          response: responsesOf(doc, op),
        },
        schemaId,
      ) as Obj;
      for (const key of Object.keys(schema)) if (schema[key] === undefined) delete schema[key];
      const entity = byPlural.get(path.replace(/\/\{id\}$/, ""));
      specs.push({
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        ...url,
        security: security(doc, op),
        bodyKind: body.kind,
        schema,
        ...(entity ? { entity } : {}),
      });
    }
  }
  return specs.sort((a, b) => a.operationId.localeCompare(b.operationId));
}
