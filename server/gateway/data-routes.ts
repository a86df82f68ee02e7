import { randomBytes } from "node:crypto";
import { AnalyticsService } from "./analytics/index.js";
import { sidecarMask } from "./analytics-handlers.js";
import type { DataStores } from "./data-stores.js";
import { FileService } from "./files/index.js";
import type { DataRouteDeps } from "./handlers.js";
import { KvService } from "./kv/index.js";
import type { SidecarClient } from "./sidecar/sidecar-client.js";

/**
 * The services behind the data routes, built over whichever stores the composition root opened.
 * Analytics masks through the sidecar's MaskingService; a missing analytics store (chdb did not
 * load) stays a 503 carrying the reason.
 *
 * @example
 *   gatewayHandlers(checks, proxy, entities, dataRoutes(opened.stores, sidecar, key));
 */
export function dataRoutes(
  stores: DataStores | undefined,
  sidecar: SidecarClient,
  fallbackCursorKey: Uint8Array | undefined,
): DataRouteDeps {
  const files = stores?.files;
  const analytics = stores?.analytics;
  const available =
    analytics && !("unavailable" in analytics)
      ? { service: new AnalyticsService(analytics, { mask: sidecarMask(sidecar) }) }
      : { unavailable: analytics?.unavailable ?? "The analytics store is not configured." };
  return {
    sidecar,
    cursorKey: stores?.cursorKey ?? fallbackCursorKey ?? randomBytes(32),
    kv: stores?.kv ? new KvService(stores.kv) : undefined,
    files: files && {
      service: new FileService(files.store),
      store: files.store,
      maxUploadBytes: files.maxUploadBytes,
    },
    presigned: files?.presigned,
    analytics: () => available,
  };
}
