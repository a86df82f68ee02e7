import type { GatewayHandlers } from "../../../gen/routes/gateway.js";
import { ApiError } from "../../shared/errors/api-error.js";
import { viaSidecar } from "../../shared/errors/sidecar-problem.js";
import { requireCaller } from "../data-caller.js";
import type { GatewayContext } from "../handlers.js";
import type { SidecarClient } from "../sidecar/sidecar-client.js";
import {
  AnalyticsService,
  type AnalyticsStore,
  type EventProperties,
  type MaskFn,
} from "./index.js";

type AnalyticsHandlers = Pick<
  GatewayHandlers<GatewayContext>,
  "ingestAnalyticsEvents" | "queryAnalytics"
>;

/** The analytics service, or why there is none (a test gateway built without analytics). */
export type AnalyticsAvailability =
  | { service: AnalyticsService }
  | { service?: undefined; unavailable: string };

/**
 * The analytics port over an opened store, masking through the sidecar; a store that could not
 * be opened stays unavailable with its reason (the routes answer 503 carrying it).
 *
 * @example
 *   analyticsAvailability(await ClickHouseAnalyticsStore.connect(url), sidecar);
 */
export function analyticsAvailability(
  store: AnalyticsStore | { unavailable: string },
  sidecar: Pick<SidecarClient, "mask">,
): AnalyticsAvailability {
  if ("unavailable" in store) return store;
  return { service: new AnalyticsService(store, { mask: sidecarMask(sidecar) }) };
}

/**
 * The MaskFn for AnalyticsService, over the sidecar's MaskingService. The service masks each
 * event's properties separately; the calls made in one tick are sent as one `Mask` of an array,
 * so a batch of 1000 events is one round trip instead of 1000. A masking failure rejects every
 * waiting event, so nothing unmasked is stored.
 *
 * @example
 *   new AnalyticsService(store, { mask: sidecarMask(sidecar) });
 */
export function sidecarMask(sidecar: Pick<SidecarClient, "mask">): MaskFn {
  let pending: {
    properties: EventProperties;
    resolve: (p: EventProperties) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    try {
      const masked = await viaSidecar(() => sidecar.mask(batch.map((p) => p.properties)));
      for (const [i, p] of batch.entries()) p.resolve(masked[i] ?? {});
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  };
  return (properties) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) queueMicrotask(() => void flush());
      pending.push({ properties, resolve, reject });
    });
}

/**
 * `/v1/analytics`: ingest (validated as a whole, masked through the sidecar, stamped with the
 * token's tenant and app) and structured queries bound to the token's tenant. Without a store —
 * the optional embedded engine did not load — both answer 503 with the reason.
 */
export function analyticsHandlers(analytics: AnalyticsAvailability): AnalyticsHandlers {
  const service = (): AnalyticsService => {
    if (analytics.service) return analytics.service;
    throw new ApiError("unavailable", analytics.unavailable);
  };
  const callerOf = (ctx: GatewayContext) => {
    const c = requireCaller(ctx);
    return { tenantId: c.tenantId, appId: c.appId, ...(c.userId ? { userId: c.userId } : {}) };
  };
  return {
    ingestAnalyticsEvents: async ({ body }, ctx) => ({
      status: 202,
      body: await service().ingest(callerOf(ctx), body),
    }),
    queryAnalytics: async ({ body }, ctx) => ({
      status: 200,
      body: await service().query(callerOf(ctx), body),
    }),
  };
}
