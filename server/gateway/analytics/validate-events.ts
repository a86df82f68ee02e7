import { ApiError } from "../../shared/errors/api-error.js";
import { EVENT_NAME, ANALYTICS_LIMITS as L, PROPERTY_NAME, USER_ID } from "./limits.js";
import type { AnalyticsEvent } from "./types.js";
import { isScalar, Problems, parseInstant } from "./validation.js";

const EVENT_KEYS = new Set(["name", "timestamp", "user_id", "properties"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkProperties(props: unknown, at: string, out: Problems): void {
  if (!isObject(props)) {
    out.add(at, "must be an object");
    return;
  }
  const keys = Object.keys(props);
  if (keys.length > L.maxProperties) out.add(at, `at most ${L.maxProperties} properties`);
  for (const key of keys) {
    const where = `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    if (!PROPERTY_NAME.test(key))
      out.add(where, "property name must match ^[A-Za-z_][A-Za-z0-9_.]{0,63}$");
    else if (key === USER_ID) out.add(where, "user_id is the event's own field, not a property");
    const value = props[key];
    if (value !== null && !isScalar(value, L.maxStringLength)) {
      out.add(
        where,
        `must be a string (≤ ${L.maxStringLength} chars), finite number, boolean or null`,
      );
    }
  }
}

function checkEvent(e: unknown, at: string, now: number, out: Problems): void {
  if (!isObject(e)) {
    out.add(at, "must be an object");
    return;
  }
  for (const key of Object.keys(e))
    if (!EVENT_KEYS.has(key)) out.add(`${at}/${key}`, "unknown field");
  if (typeof e.name !== "string" || !EVENT_NAME.test(e.name)) {
    out.add(`${at}/name`, "event name must match ^[A-Za-z][A-Za-z0-9_.:-]{0,127}$");
  }
  const ts = parseInstant(e.timestamp);
  if (ts === undefined) out.add(`${at}/timestamp`, "must be an RFC 3339 date-time with a zone");
  else if (ts < now - L.maxEventAgeMs || ts > now + L.maxEventSkewMs) {
    out.add(`${at}/timestamp`, "outside the accepted window (two years back, one hour ahead)");
  }
  const user = e.user_id;
  if (
    user !== undefined &&
    (typeof user !== "string" || user.length === 0 || user.length > L.maxUserIdLength)
  ) {
    out.add(
      `${at}/user_id`,
      `must be a non-empty string of at most ${L.maxUserIdLength} characters`,
    );
  }
  checkProperties(e.properties, `${at}/properties`, out);
}

/**
 * Validates an ingest body as a whole: one bad event rejects the batch, so a client retry never
 * stores half a batch twice. Size limits answer `payload_too_large`; everything else answers
 * `validation_failed` listing every bad field. The route's JSON Schema checks the same rules;
 * this runs again because the service must be safe without the HTTP layer in front.
 *
 * @example
 *   const events = validateBatch(body, Date.now()); // throws ApiError or returns typed events
 */
export function validateBatch(body: unknown, now: number): AnalyticsEvent[] {
  const events = isObject(body) ? body.events : undefined;
  if (!Array.isArray(events) || events.length === 0) {
    throw new ApiError("validation_failed", "events must be a non-empty array", {
      errors: [{ path: "/body/events", message: "must be a non-empty array" }],
    });
  }
  if (events.length > L.maxBatchEvents) {
    throw new ApiError("payload_too_large", `at most ${L.maxBatchEvents} events per batch`);
  }
  if (Buffer.byteLength(JSON.stringify(body)) > L.maxBatchBytes) {
    throw new ApiError("payload_too_large", "a batch is at most 1 MiB");
  }
  const out = new Problems();
  for (const [i, e] of events.entries()) checkEvent(e, `/body/events/${i}`, now, out);
  out.throwIfAny("invalid analytics events");
  return events as AnalyticsEvent[];
}
