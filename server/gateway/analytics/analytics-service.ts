import { ApiError } from "../../shared/errors/api-error.js";
import { ANALYTICS_LIMITS } from "./limits.js";
import { compileQuery } from "./sql/compile-query.js";
import { decodeRows } from "./sql/decode-rows.js";
import type {
  AnalyticsCaller,
  AnalyticsRow,
  AnalyticsStore,
  EventProperties,
  StoredEvent,
} from "./types.js";
import { validateBatch } from "./validate-events.js";
import { validateQuery } from "./validate-query.js";

/**
 * Masks an event's properties before storage. The gateway passes a function that calls the
 * sidecar's MaskingService over the wire (the gateway never imports sidecar code); tests pass
 * the identity or a fake.
 */
export type MaskFn = (properties: EventProperties) => EventProperties | Promise<EventProperties>;

/** Construction options of {@link AnalyticsService}. */
export interface AnalyticsServiceOptions {
  mask: MaskFn;
  /** Clock for the timestamp window; injected so tests never read the real clock. */
  now?: () => number;
}

/**
 * The analytics use cases over an {@link AnalyticsStore}: validate, mask, stamp with the
 * caller's tenant and app, store; validate, compile to parameterised SQL, run, decode. The tenant
 * comes only from `caller` (the verified token); the request body cannot name one.
 *
 * @example
 *   const svc = new AnalyticsService(store, { mask: (p) => p });
 *   await svc.ingest({ tenantId: "t_1", appId: "a_1" }, { events: [...] }); // { accepted: n }
 */
export class AnalyticsService {
  readonly #store: AnalyticsStore;
  readonly #mask: MaskFn;
  readonly #now: () => number;

  constructor(store: AnalyticsStore, options: AnalyticsServiceOptions) {
    if (typeof options?.mask !== "function")
      throw new TypeError("AnalyticsService: mask is required");
    this.#store = store;
    this.#mask = options.mask;
    this.#now = options.now ?? Date.now;
  }

  /** Stores a whole batch or nothing; answers the number of events accepted. */
  async ingest(caller: AnalyticsCaller, body: unknown): Promise<{ accepted: number }> {
    const events = validateBatch(body, this.#now());
    // Masking fails closed: if the sidecar cannot mask, nothing is stored.
    const masked = await this.#run(() =>
      Promise.all(events.map(async (e) => this.#mask(e.properties))),
    );
    const rows: StoredEvent[] = events.map((e, i) => ({
      tenantId: caller.tenantId,
      appId: caller.appId,
      event: e.name,
      ts: Date.parse(e.timestamp),
      userId: e.user_id ?? caller.userId ?? "",
      properties: masked[i] ?? {},
    }));
    await this.#run(() => this.#store.insert(rows));
    return { accepted: rows.length };
  }

  /** Runs a structured query for the caller's tenant; more than `maxRows` rows is an error. */
  async query(caller: AnalyticsCaller, body: unknown): Promise<{ rows: AnalyticsRow[] }> {
    const q = validateQuery(body);
    const raw = await this.#run(() => this.#store.select(compileQuery(caller.tenantId, q)));
    if (raw.length > ANALYTICS_LIMITS.maxRows) {
      throw new ApiError(
        "validation_failed",
        `the result would exceed ${ANALYTICS_LIMITS.maxRows} rows; narrow the range, coarsen the interval or group by less`,
        { errors: [{ path: "/body", message: "too many result rows" }] },
      );
    }
    return { rows: decodeRows(q, raw) };
  }

  /** Store failures become typed errors; their details are logged by the gateway, not sent. */
  async #run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      throw ApiError.from(error);
    }
  }
}
