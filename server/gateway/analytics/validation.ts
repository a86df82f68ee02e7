import { ApiError, type FieldError } from "../../shared/errors/api-error.js";

/**
 * Collects field errors so a request is rejected once with all its problems, as one
 * `validation_failed` Problem (JSON Pointers into the body).
 */
export class Problems {
  readonly errors: FieldError[] = [];

  /** Records a problem at `path` (e.g. `/body/events/3/name`). */
  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** Throws `validation_failed` when anything was recorded. */
  throwIfAny(detail: string): void {
    if (this.errors.length === 0) return;
    throw new ApiError("validation_failed", detail, { errors: this.errors.slice(0, 50) });
  }
}

/** A string within `max` characters, or a finite number, or a boolean. */
export function isScalar(value: unknown, max: number): value is string | number | boolean {
  if (typeof value === "string") return value.length <= max;
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "boolean";
}

/** Parses an RFC 3339 date-time with an explicit zone; `undefined` when it is not one. */
export function parseInstant(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i.test(text)) {
    return undefined;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
