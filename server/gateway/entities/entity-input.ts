import { ApiError, type FieldError } from "../../shared/errors/api-error.js";
import { pickFields } from "./entity-record.js";
import type { EntityType } from "./entity-types.js";

/** Page sizes (DESIGN §6): small by default so a list stays cheap, 500 at most. */
export const PAGE_LIMITS = { default: 50, max: 500 } as const;

const ULID = "[0-9A-HJKMNP-TV-Z]{26}";

function failed(errors: FieldError[]): ApiError {
  return new ApiError("validation_failed", errors.map((e) => e.message).join("; "), { errors });
}

/**
 * True when `id` has the shape of an id of `type`. A malformed id cannot exist, so callers
 * answer `not_found` for it without asking the store (and never hand a store a non-string).
 */
export function isEntityId(type: EntityType, id: unknown): id is string {
  return typeof id === "string" && new RegExp(`^${type.idPrefix}_${ULID}$`).test(id);
}

/**
 * The own fields of a request body, with scalar fields checked against their declared kind and,
 * for a create, the required fields present. The route schema validates bodies in full; this
 * check stands for callers that bypass it and guarantees the stores the value types their
 * indexes and comparisons assume.
 *
 * @example
 *   bodyFields(person, { display_name: "Ada", id: "per_x" }, "create"); // { display_name: "Ada" }
 */
export function bodyFields(
  type: EntityType,
  body: unknown,
  mode: "create" | "update",
): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw failed([{ path: "/body", message: "the body must be a JSON object" }]);
  }
  const fields = pickFields(type, body);
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const kind = type.kinds.get(name);
    const ok =
      kind === "other" || (kind === "number" ? Number.isFinite(value) : typeof value === kind);
    if (!ok) errors.push({ path: `/body/${name}`, message: `${name} must be a ${kind}` });
  }
  const absent = mode === "create" ? type.required.filter((f) => !(f in fields)) : [];
  for (const name of absent) errors.push({ path: `/body/${name}`, message: `${name} is required` });
  if (mode === "update" && Object.keys(fields).length === 0) {
    errors.push({ path: "/body", message: `the body names none of ${type.name}'s fields` });
  }
  if (errors.length > 0) throw failed(errors);
  return fields;
}

/**
 * The version named by an `If-Match` header: `"3"`, `W/"3"` or `3`. Absent or `*` means
 * "whatever is current" (undefined). Anything else can match no version, so it is a 412.
 *
 * @example
 *   parseIfMatch('"3"'); // 3
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === "*") return undefined;
  const match = /^(?:W\/)?(?:"([1-9][0-9]{0,14})"|([1-9][0-9]{0,14}))$/.exec(text);
  const digits = match?.[1] ?? match?.[2];
  if (!digits) {
    throw new ApiError("precondition_failed", 'If-Match must name one version, e.g. "3".');
  }
  return Number(digits);
}

/** The page size: `PAGE_LIMITS.default` when absent, else an integer in 1..500. */
export function parseLimit(limit: number | undefined): number {
  if (limit === undefined) return PAGE_LIMITS.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMITS.max) {
    const message = `limit must be an integer from 1 to ${PAGE_LIMITS.max}`;
    throw failed([{ path: "/query/limit", message }]);
  }
  return limit;
}
