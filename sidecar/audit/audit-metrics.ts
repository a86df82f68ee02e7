import { Counter, type Registry } from "prom-client";

/**
 * The audit service's own Prometheus series, registered in the registry the sidecar serves on
 * `/metrics`. Labels are proto field paths (a closed set), never values.
 */
export interface AuditMetrics {
  /** Records EmitBatch repaired instead of refusing, by field (one record may count twice). */
  repaired: Counter<"field">;
  /** Records no repair could make storable (should stay 0; each is answered validation_failed). */
  unrepairable: Counter;
}

/**
 * Creates the series in `registry`.
 *
 * @example
 *   const metrics = createAuditMetrics(new Registry());
 *   metrics.repaired.inc({ field: "resource.id" });
 */
export function createAuditMetrics(registry: Registry): AuditMetrics {
  return {
    repaired: new Counter({
      name: "coresdk_audit_records_repaired_total",
      help: "Audit records whose fields broke EmitRequest's rules and were repaired (escaped, cut) and flagged, by field.",
      labelNames: ["field"] as const,
      registers: [registry],
    }),
    unrepairable: new Counter({
      name: "coresdk_audit_records_unrepairable_total",
      help: "Audit records refused as validation_failed because no repair made them storable.",
      registers: [registry],
    }),
  };
}
